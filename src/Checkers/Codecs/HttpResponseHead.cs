namespace LvsDirector.Checkers.Codecs;

/// <summary>Status line and headers of an HTTP/1.x response (RFC 9112 §4, §5).</summary>
internal sealed record HttpResponseHead(
    string Version,
    int StatusCode,
    string Reason,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    long? ContentLength,
    bool IsChunked);

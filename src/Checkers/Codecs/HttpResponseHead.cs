namespace LvsDirector.Checkers.Codecs;

/// <summary>
/// Status line of an HTTP/1.x response (RFC 9112 §4) and the two headers that frame its body (§6): what a check
/// and genhash use. The header lines themselves stay in the received bytes (genhash prints the raw head).
/// </summary>
internal sealed record HttpResponseHead(
    string Version,
    int StatusCode,
    string Reason,
    long? ContentLength,
    bool IsChunked);

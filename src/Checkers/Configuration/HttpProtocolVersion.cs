namespace LvsDirector.Checkers.Configuration;

/// <summary><c>http_protocol</c> of HTTP_GET / SSL_GET.</summary>
public enum HttpProtocolVersion
{
    /// <summary><c>1.0</c>: the default.</summary>
    Http10,

    /// <summary><c>1.0C</c>: HTTP/1.0 with <c>Connection: close</c>.</summary>
    Http10Close,

    /// <summary><c>1.1</c>: HTTP/1.1 (always sent with <c>Connection: close</c>).</summary>
    Http11,
}

namespace LvsDirector.Checkers.Configuration;

/// <summary>The keepalived checker types (BFD_CHECK is not implemented here).</summary>
public enum CheckKind
{
    HttpGet,
    SslGet,
    Tcp,
    Smtp,
    Dns,
    Udp,
    Ping,
    Misc,
    File,
}

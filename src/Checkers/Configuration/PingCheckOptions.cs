namespace LvsDirector.Checkers.Configuration;

/// <summary><c>PING_CHECK</c>: one ICMP / ICMPv6 echo.</summary>
public sealed record PingCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.Ping;
}

namespace LvsDirector.Checkers.Configuration;

/// <summary><c>DNS_CHECK</c>: one query over UDP; the reply must be a NOERROR answer to it.</summary>
public sealed record DnsCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.Dns;

    /// <summary><c>type</c>; default SOA.</summary>
    public DnsQueryType Type { get; init; } = DnsQueryType.SOA;

    /// <summary><c>name</c>; default the root <c>.</c>.</summary>
    public string Name { get; init; } = ".";
}

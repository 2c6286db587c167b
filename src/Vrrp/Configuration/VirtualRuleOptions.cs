using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// One policy-routing rule of <c>virtual_rules</c> (MASTER only) or <c>static_rules</c> (always):
/// ip-rule syntax, RTM_NEWRULE with a struct fib_rule_hdr in the kernel.
/// </summary>
public sealed record VirtualRuleOptions
{
    /// <summary>InterNetwork or InterNetworkV6 (<c>inet6</c>, or the family of from/to).</summary>
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;

    /// <summary><c>from PREFIX</c>; null = all.</summary>
    public IPAddress? From { get; init; }

    public int FromPrefixLength { get; init; }

    /// <summary><c>to PREFIX</c>; null = all.</summary>
    public IPAddress? To { get; init; }

    public int ToPrefixLength { get; init; }

    /// <summary><c>not</c>: FIB_RULE_INVERT.</summary>
    public bool Invert { get; init; }

    public RuleAction Action { get; init; } = RuleAction.ToTable;

    /// <summary><c>table</c> / <c>lookup</c> for <see cref="RuleAction.ToTable"/>.</summary>
    public uint? Table { get; init; }

    /// <summary><c>preference</c> / <c>priority</c> / <c>pref</c> (FRA_PRIORITY); keepalived advises always setting one.</summary>
    public uint? Preference { get; init; }

    /// <summary><c>goto PREF</c> target (FRA_GOTO).</summary>
    public uint? GotoPreference { get; init; }

    /// <summary><c>iif</c> (FRA_IIFNAME).</summary>
    public string? InputInterface { get; init; }

    /// <summary><c>oif</c> (FRA_OIFNAME).</summary>
    public string? OutputInterface { get; init; }

    /// <summary><c>fwmark MARK[/MASK]</c> (FRA_FWMARK, FRA_FWMASK).</summary>
    public uint? FirewallMark { get; init; }

    public uint? FirewallMask { get; init; }

    /// <summary><c>uidrange START-END</c> (FRA_UID_RANGE).</summary>
    public uint? UidStart { get; init; }

    public uint? UidEnd { get; init; }

    /// <summary><c>l3mdev</c> (FRA_L3MDEV): look up the table of the VRF the packet is on.</summary>
    public bool L3mdev { get; init; }

    /// <summary><c>tos</c> / <c>dsfield</c>.</summary>
    public byte Tos { get; init; }

    /// <summary><c>suppress_prefixlength N</c> (FRA_SUPPRESS_PREFIXLEN).</summary>
    public uint? SuppressPrefixLength { get; init; }

    /// <summary><c>suppress_ifgroup N</c> (FRA_SUPPRESS_IFGROUP).</summary>
    public uint? SuppressInterfaceGroup { get; init; }

    /// <summary><c>realms</c> (FRA_FLOW).</summary>
    public uint? Realms { get; init; }

    /// <summary><c>tun_id</c> (FRA_TUN_ID, big-endian 64 bits).</summary>
    public ulong? TunnelId { get; init; }

    /// <summary><c>protocol</c> (FRA_PROTOCOL); null = 18 (keepalived).</summary>
    public byte? Protocol { get; init; }

    /// <summary><c>ipproto</c> (FRA_IP_PROTO).</summary>
    public byte? IpProtocol { get; init; }

    /// <summary><c>sport START[-END]</c> (FRA_SPORT_RANGE).</summary>
    public (ushort Start, ushort End)? SourcePorts { get; init; }

    /// <summary><c>dport START[-END]</c> (FRA_DPORT_RANGE).</summary>
    public (ushort Start, ushort End)? DestinationPorts { get; init; }

    /// <summary><c>no_track</c>: losing this rule does not put the instance in FAULT (kept for the tracking side).</summary>
    public bool NoTrack { get; init; }

    /// <summary><c>track_group G</c> (static_rules only): G's instances track this rule's <c>iif</c> as an unweighted track_interface.</summary>
    public string? TrackGroup { get; init; }

    public override string ToString()
    {
        var text = Invert ? "not " : "";
        text += From is null ? "from all" : $"from {From}/{FromPrefixLength}";
        if (To is not null) text += $" to {To}/{ToPrefixLength}";
        if (FirewallMark is not null) text += $" fwmark 0x{FirewallMark:x}" + (FirewallMask is null ? "" : $"/0x{FirewallMask:x}");
        if (InputInterface is not null) text += $" iif {InputInterface}";
        if (OutputInterface is not null) text += $" oif {OutputInterface}";
        if (UidStart is not null) text += $" uidrange {UidStart}-{UidEnd}";
        if (IpProtocol is not null) text += $" ipproto {IpProtocol}";
        if (SourcePorts is { } sport) text += sport.Start == sport.End ? $" sport {sport.Start}" : $" sport {sport.Start}-{sport.End}";
        if (DestinationPorts is { } dport) text += dport.Start == dport.End ? $" dport {dport.Start}" : $" dport {dport.Start}-{dport.End}";
        if (L3mdev) text += " l3mdev";
        text += Action switch
        {
            RuleAction.ToTable => Table is null ? "" : $" table {Table}",
            RuleAction.Goto => $" goto {GotoPreference}",
            _ => " " + Action.ToString().ToLowerInvariant(),
        };
        if (Preference is not null) text += $" preference {Preference}";
        return text;
    }
}

namespace LvsDirector.Checkers.Configuration;

/// <summary><c>UDP_CHECK</c>.</summary>
public sealed record UdpCheckOptions : CheckOptions
{
    public override CheckKind Kind => CheckKind.Udp;

    /// <summary><c>payload</c>: datagram sent; empty means 16 random bytes per probe.</summary>
    public EquatableList<byte> Payload { get; init; } = EquatableList<byte>.Empty;

    /// <summary>
    /// <c>require_reply</c>: a reply must arrive within connect_timeout. Without it the check fails only
    /// on an ICMP error (port unreachable) and passes on silence.
    /// </summary>
    public bool RequireReply { get; init; }

    /// <summary>The optional <c>require_reply HEX</c> prefix.</summary>
    public ReplyPattern? ReplyPattern { get; init; }

    /// <summary><c>min_reply_length</c>; default 0.</summary>
    public int MinReplyLength { get; init; }

    /// <summary><c>max_reply_length</c>; default 255.</summary>
    public int MaxReplyLength { get; init; } = 255;
}

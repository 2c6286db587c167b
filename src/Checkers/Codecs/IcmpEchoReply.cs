namespace LvsDirector.Checkers.Codecs;

/// <summary>The fields of an ICMP / ICMPv6 echo reply that identify the request it answers.</summary>
internal readonly record struct IcmpEchoReply(ushort Identifier, ushort Sequence, int PayloadLength);

namespace LvsDirector.Common.Netlink;

/// <summary>
/// Reads one dump message while it is still in the receive buffer (<see cref="NetlinkConnection.DumpAsync{T}"/>);
/// false for a message it cannot read, with <paramref name="reason"/> saying why (for the log, so it is set only then).
/// Never throws on the message's content.
/// </summary>
internal delegate bool NetlinkMessageDecoder<T>(NetlinkMessageView message, out T value, out string? reason);

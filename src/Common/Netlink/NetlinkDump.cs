namespace LvsDirector.Common.Netlink;

/// <summary>
/// A decoded dump (<see cref="NetlinkConnection.DumpAsync{T}"/>): the entries read, and how many messages the decoder
/// could not read and skipped, with the reason it gave for the first.
/// </summary>
internal sealed record NetlinkDump<T>(IReadOnlyList<T> Items, int Skipped, string? FirstSkipReason);

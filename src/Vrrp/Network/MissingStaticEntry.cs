namespace LvsDirector.Vrrp.Network;

/// <summary>A static entry with <c>track_group</c> that is not in the kernel: <c>static address 192.0.2.5/24 dev eth0</c>.</summary>
internal sealed record MissingStaticEntry(string TrackGroup, string Entry);

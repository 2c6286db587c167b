namespace LvsDirector.Vrrp.Configuration;

/// <summary>The trackers an instance or a sync group follows.</summary>
public sealed record VrrpTrackingOptions
{
    /// <summary>track_interface: name = interface; unweighted = FAULT while it is down.</summary>
    public EquatableArray<VrrpTrackReference> Interfaces { get; init; } = EquatableArray<VrrpTrackReference>.Empty;

    /// <summary>track_script: name = a key of <see cref="VrrpOptions.Scripts"/>.</summary>
    public EquatableArray<VrrpTrackReference> Scripts { get; init; } = EquatableArray<VrrpTrackReference>.Empty;

    /// <summary>track_file: name = a key of <see cref="VrrpOptions.TrackFiles"/>.</summary>
    public EquatableArray<VrrpTrackReference> Files { get; init; } = EquatableArray<VrrpTrackReference>.Empty;

    /// <summary>track_process: name = a key of <see cref="VrrpOptions.TrackProcesses"/>.</summary>
    public EquatableArray<VrrpTrackReference> Processes { get; init; } = EquatableArray<VrrpTrackReference>.Empty;

    public bool IsEmpty => Interfaces.Count + Scripts.Count + Files.Count + Processes.Count == 0;
}

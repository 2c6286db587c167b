namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// One line of track_interface / track_script / track_file / track_process: the tracked object's
/// name, and a weight and direction overriding the tracker's own (null = the tracker's).
/// </summary>
public sealed record VrrpTrackReference
{
    public required string Name { get; init; }

    public int? Weight { get; init; }

    public bool? Reverse { get; init; }
}

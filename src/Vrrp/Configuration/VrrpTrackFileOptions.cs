namespace LvsDirector.Vrrp.Configuration;

/// <summary>One <c>track_file</c>: a file holding an integer; value × weight adjusts the priority.</summary>
public sealed record VrrpTrackFileOptions
{
    public required string Path { get; init; }

    /// <summary>Multiplier; 0 = any non-zero value is a FAULT.</summary>
    public int Weight { get; init; } = 1;

    public bool Reverse { get; init; }

    /// <summary>init_file VALUE: written when the file is missing (or always, with <see cref="InitOverwrite"/>); null = none.</summary>
    public long? InitValue { get; init; }

    public bool InitOverwrite { get; init; }
}

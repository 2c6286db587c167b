namespace LvsDirector.Vrrp.Configuration;

/// <summary>interface_up_down_delays: how long a link change must last before instances act on it.</summary>
public sealed record InterfaceDelayOptions
{
    public TimeSpan Down { get; init; }

    public TimeSpan Up { get; init; }
}

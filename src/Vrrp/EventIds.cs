namespace LvsDirector.Vrrp;

/// <summary>Stable log event ids of the VRRP library: the 1000 range.</summary>
internal static class EventIds
{
    public const int First = 1000;
}

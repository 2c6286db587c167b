namespace LvsDirector.Ipvs;

/// <summary>Stable log event ids of the IPVS library: the 2000 range.</summary>
internal static class EventIds
{
    public const int First = 2000;
}

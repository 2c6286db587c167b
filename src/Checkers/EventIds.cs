namespace LvsDirector.Checkers;

/// <summary>Stable log event ids of the checkers library: the 3000 range.</summary>
internal static class EventIds
{
    public const int First = 3000;
}

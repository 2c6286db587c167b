namespace LvsDirector.Checkers.Health;

/// <summary>What one probe result did to a check: when to probe next and whether its state or weight changed.</summary>
internal readonly record struct CheckStep(TimeSpan NextDelay, bool StateChanged, bool WeightChanged, bool Retrying);

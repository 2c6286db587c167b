namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>Tests that measure real time (detection latency, probe rates) run alone, after the others: two cores.</summary>
[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingCollection;

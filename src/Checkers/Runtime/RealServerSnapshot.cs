using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Runtime;

/// <summary>A real server as it stands: health and desired IPVS presence.</summary>
public sealed record RealServerSnapshot(RealServerKey RealServer, bool Alive, bool InTable, int Weight, IReadOnlyList<CheckSnapshot> Checks);

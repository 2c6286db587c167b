using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Runtime;

/// <summary>
/// A service as it stands. <see cref="RealServers"/> with InTable, plus the sorry server when
/// <see cref="SorryServerInTable"/>, is exactly the destination set IPVS should hold. <see cref="Suspended"/>: its checks
/// are suspended (ha_suspend, the service's address not local) and the real servers keep their state.
/// </summary>
public sealed record CheckedServiceSnapshot(
    string Name,
    bool QuorumUp,
    long AliveWeight,
    RealServerKey? SorryServer,
    bool SorryServerActive,
    bool SorryServerInTable,
    int SorryServerWeight,
    IReadOnlyList<RealServerSnapshot> RealServers,
    bool Suspended);

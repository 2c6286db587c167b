namespace LvsDirector.Ipvs.Model;

/// <summary>A destination as dumped from the kernel: settings, connection counts and counters.</summary>
public sealed record IpvsDestinationEntry(
    IpvsDestination Destination,
    uint ActiveConnections,
    uint InactiveConnections,
    uint PersistentConnections,
    IpvsStats Stats);

using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>A service with its destinations: one side of the diff (desired from options, or dumped from the kernel).</summary>
public sealed record IpvsServiceSnapshot(IpvsService Service, IReadOnlyList<IpvsDestination> Destinations);

namespace LvsDirector.Ipvs.Model;

/// <summary>A service as dumped from the kernel: its settings and its counters.</summary>
public sealed record IpvsServiceEntry(IpvsService Service, IpvsStats Stats);

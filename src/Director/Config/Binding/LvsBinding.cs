using LvsDirector.Ipvs.Configuration;

namespace LvsDirector.Config.Binding;

/// <summary>The IPVS side of a configuration: global IPVS options and each virtual_server's services.</summary>
internal sealed record LvsBinding(IpvsOptions Options, IReadOnlyList<LvsServiceBinding> Services);

/// <summary>One virtual_server: its checker service name, the IPVS services it programs, and its sorry server.</summary>
internal sealed record LvsServiceBinding(string Name, IReadOnlyList<VirtualServiceOptions> Services, RealServerOptions? SorryServer);

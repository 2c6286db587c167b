namespace LvsDirector.Integration.Tests.Vrrp;

/// <summary>The director-against-keepalived labs run alone, not beside the CLI tests' dotnet processes: real VRRP timing.</summary>
[CollectionDefinition("vrrp-lab", DisableParallelization = true)]
public sealed class VrrpLabCollection;

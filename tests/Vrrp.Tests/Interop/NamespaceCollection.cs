namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>Namespace tests run one at a time: two cores, real timing.</summary>
[CollectionDefinition("Namespaces", DisableParallelization = true)]
public sealed class NamespaceCollection;

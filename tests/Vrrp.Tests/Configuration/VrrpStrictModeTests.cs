using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Configuration;

public class VrrpStrictModeTests
{
    private static VrrpInstanceOptions Instance(int priority = 100) => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        Version = VrrpVersion.V3,
        Priority = priority,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100") } },
    };

    private static VrrpOptions Options(bool strict, params (string, VrrpInstanceOptions)[] instances) => new()
    {
        Instances = instances.ToImmutableSortedDictionary(i => i.Item1, i => i.Item2, StringComparer.Ordinal),
        Strict = strict,
    };

    [Theory]
    [InlineData(false, 100, null, true)]
    [InlineData(true, 100, null, false)]
    [InlineData(true, 255, null, true)]
    [InlineData(true, 100, true, true)]
    [InlineData(false, 100, false, false)]
    public void EffectiveAccept_KeepalivedDefaults(bool strict, int priority, bool? accept, bool expected) =>
        Assert.Equal(expected, VrrpStrictMode.EffectiveAccept(strict, Instance(priority) with { Accept = accept }));

    [Fact]
    public void Apply_NotStrict_SameOptions()
    {
        var options = Options(false, ("VI_1", Instance() with { PreemptDelay = TimeSpan.FromSeconds(3) }));
        Assert.Same(options, VrrpStrictMode.Apply(options));
    }

    [Fact]
    public void Apply_Strict_PreemptDelayDroppedAcceptResolved()
    {
        var applied = VrrpStrictMode.Apply(Options(true, ("A", Instance() with { PreemptDelay = TimeSpan.FromSeconds(3) }), ("O", Instance(255) with { VirtualRouterId = 52 })));
        Assert.Equal(TimeSpan.Zero, applied.Instances["A"].PreemptDelay);
        Assert.False(applied.Instances["A"].Accept);
        Assert.True(applied.Instances["O"].Accept);
    }

    [Fact]
    public void Consequences_Strict_OneLinePerEffect()
    {
        var lines = VrrpStrictMode.Consequences(Options(true, ("A", Instance() with { PreemptDelay = TimeSpan.FromSeconds(3) }), ("O", Instance(255) with { VirtualRouterId = 52 })));
        Assert.Contains(lines, l => l.Contains("(A) preempt_delay 3 s is ignored"));
        Assert.Contains(lines, l => l.Contains("(A) no_accept"));
        Assert.DoesNotContain(lines, l => l.Contains("(O) no_accept"));
        Assert.All(lines, l => Assert.StartsWith("vrrp_strict: ", l));
    }

    [Fact]
    public void Apply_Strict_OwnerIgnoresAdvertsUnlessConfigured()
    {
        var applied = VrrpStrictMode.Apply(Options(true, ("A", Instance()), ("O", Instance(255) with { VirtualRouterId = 52 }), ("P", Instance(255) with { VirtualRouterId = 53, OwnerIgnoresAdvertisements = false })));
        Assert.False(applied.Instances["A"].OwnerIgnoresAdvertisements);
        Assert.True(applied.Instances["O"].OwnerIgnoresAdvertisements);
        Assert.False(applied.Instances["P"].OwnerIgnoresAdvertisements);
    }

    [Fact]
    public void Consequences_StrictOwner_AcceptsAndIgnoresAdverts()
    {
        var lines = VrrpStrictMode.Consequences(VrrpStrictMode.Apply(Options(true, ("O", Instance(255) with { Accept = false }))));
        Assert.Contains(lines, l => l.Contains("(O) priority 255 (address owner): traffic to its virtual addresses is always accepted"));
        Assert.Contains(lines, l => l.Contains("(O) priority 255 (address owner): received adverts are ignored (owner_ignore_adverts)"));
    }

    [Fact]
    public void Consequences_NotStrict_Empty() => Assert.Empty(VrrpStrictMode.Consequences(Options(false, ("A", Instance()))));
}

using System.Collections.Immutable;
using System.Net;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Configuration;

/// <summary>Reload diffs depend on value equality: equal content is equal, every changed property is not.</summary>
public class VrrpOptionsEqualityTests
{
    private static VrrpInstanceOptions Build() => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100"), PrefixLength = 24 } },
        UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.12") } },
    };

    [Fact]
    public void Equals_SameContentInNewCollections_Equal()
    {
        Assert.Equal(Build(), Build());
        Assert.Equal(Build().GetHashCode(), Build().GetHashCode());
        var a = new VrrpOptions { Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", Build())]) };
        var b = new VrrpOptions { Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", Build())]) };
        Assert.Equal(a, b);
    }

    public static TheoryData<string> Changes => new()
    {
        "Interface", "VirtualRouterId", "Version", "Family", "Priority", "AdvertisementInterval", "InitialState", "Preempt",
        "PreemptDelay", "Authentication", "SourceAddress", "UnicastPeers", "MulticastGroup", "VirtualAddresses",
        "ExcludedVirtualAddresses", "Gratuitous", "ChecksumMode",
        "Tracking", "DontTrackPrimary", "Notify", "HigherPrioritySendAdvert", "OwnerIgnoresAdvertisements",
        "VirtualRoutes", "VirtualRules", "Vmac", "Accept",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Equals_OnePropertyChanged_NotEqual(string property)
    {
        var o = Build();
        VrrpInstanceOptions changed = property switch
        {
            "Interface" => o with { Interface = "eth1" },
            "VirtualRouterId" => o with { VirtualRouterId = 52 },
            "Version" => o with { Version = VrrpVersion.V3 },
            "Family" => o with { Family = System.Net.Sockets.AddressFamily.InterNetwork },
            "Priority" => o with { Priority = 101 },
            "AdvertisementInterval" => o with { AdvertisementInterval = TimeSpan.FromSeconds(2) },
            "InitialState" => o with { InitialState = VrrpInitialState.Master },
            "Preempt" => o with { Preempt = false },
            "PreemptDelay" => o with { PreemptDelay = TimeSpan.FromSeconds(1) },
            "Authentication" => o with { Authentication = new VrrpAuthenticationOptions { Password = "x" } },
            "SourceAddress" => o with { SourceAddress = IPAddress.Parse("192.0.2.11") },
            "UnicastPeers" => o with { UnicastPeers = new[] { new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.12"), MinTtl = 1 } } },
            "MulticastGroup" => o with { MulticastGroup = IPAddress.Parse("224.0.0.19") },
            "VirtualAddresses" => o with { VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100"), PrefixLength = 25 } } },
            "ExcludedVirtualAddresses" => o with { ExcludedVirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.101") } } },
            "Gratuitous" => o with { Gratuitous = new GratuitousAnnouncementOptions { MasterRepeat = 1 } },
            "ChecksumMode" => o with { ChecksumMode = VrrpChecksumMode.ExcludePseudoHeader },
            "Tracking" => o with { Tracking = new VrrpTrackingOptions { Scripts = new[] { new VrrpTrackReference { Name = "chk" } } } },
            "DontTrackPrimary" => o with { DontTrackPrimary = true },
            "HigherPrioritySendAdvert" => o with { HigherPrioritySendAdvert = false },
            "OwnerIgnoresAdvertisements" => o with { OwnerIgnoresAdvertisements = true },
            "Notify" => o with { Notify = new VrrpNotifyOptions { Master = new VrrpScriptCommand { Arguments = new[] { "/bin/true" } } } },
            "VirtualRoutes" => o with { VirtualRoutes = new[] { new VirtualRouteOptions { Destination = IPAddress.Parse("198.51.100.0"), PrefixLength = 24, Device = "eth0" } } },
            "VirtualRules" => o with { VirtualRules = new[] { new VirtualRuleOptions { Table = 100, Preference = 100 } } },
            "Vmac" => o with { Vmac = new VmacOptions() },
            "Accept" => o with { Accept = false },
            _ => throw new ArgumentException(property),
        };
        Assert.NotEqual(o, changed);
    }

    [Fact]
    public void Changes_CoverEveryPublicProperty()
    {
        var covered = ((IEnumerable<object[]>)Changes).Select(r => (string)r[0]).ToHashSet();
        var settable = typeof(VrrpInstanceOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        Assert.All(settable, name => Assert.Contains(name, covered));
    }
}

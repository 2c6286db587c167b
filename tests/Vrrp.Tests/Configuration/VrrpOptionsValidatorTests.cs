using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Tests.Configuration;

public class VrrpOptionsValidatorTests
{
    private static VrrpInstanceOptions Valid => new()
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100"), PrefixLength = 24 } },
    };

    private static VrrpOptions With(params (string Name, VrrpInstanceOptions Options)[] instances) => new()
    {
        Instances = instances.ToImmutableSortedDictionary(i => i.Name, i => i.Options, StringComparer.Ordinal),
    };

    private static IReadOnlyList<VrrpOptionsError> Errors(VrrpInstanceOptions o) => VrrpOptionsValidator.Validate(With(("VI_1", o)));

    [Fact]
    public void Validate_MinimalInstance_NoErrors() => Assert.Empty(Errors(Valid));

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneWithItsPath()
    {
        var errors = Errors(Valid with
        {
            VirtualRouterId = 0,
            Priority = 256,
            AdvertisementInterval = TimeSpan.FromMilliseconds(1500),
            Interface = "",
        });
        var paths = errors.Select(e => e.Path).ToHashSet();
        Assert.Contains("instances.VI_1.virtual_router_id", paths);
        Assert.Contains("instances.VI_1.priority", paths);
        Assert.Contains("instances.VI_1.advert_int", paths);
        Assert.Contains("instances.VI_1.interface", paths);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(15, false)]
    [InlineData(40950, true)]
    [InlineData(40960, false)]
    public void Validate_V3Interval_CentisecondsUpTo4095(int milliseconds, bool valid)
    {
        var errors = Errors(Valid with { Version = VrrpVersion.V3, AdvertisementInterval = TimeSpan.FromMilliseconds(milliseconds) });
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Validate_V2WithIpv6Address_Error()
    {
        var errors = Errors(Valid with { VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("2001:db8::1") } } });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.version");
    }

    [Fact]
    public void Validate_MixedFamilyVips_ErrorNamesTheEntry()
    {
        var errors = Errors(Valid with
        {
            Version = VrrpVersion.V3,
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.1") }, new VirtualAddressOptions { Address = IPAddress.Parse("2001:db8::1") } },
        });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.virtual_ipaddress[1]");
    }

    [Fact]
    public void Validate_ExcludedVipsOfOtherFamily_Allowed()
    {
        var errors = Errors(Valid with { ExcludedVirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("2001:db8::1") } } });
        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_AuthenticationOnV3_Error()
    {
        var errors = Errors(Valid with { Version = VrrpVersion.V3, Authentication = new VrrpAuthenticationOptions { Password = "x" } });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.authentication");
    }

    [Fact]
    public void Validate_AuthenticationHeaderOnV2Ipv4_Accepted() =>
        Assert.Empty(Errors(Valid with { Authentication = new VrrpAuthenticationOptions { Type = VrrpAuthenticationType.IpAuthenticationHeader, Password = "1111" } }));

    [Theory]
    [InlineData("")]
    [InlineData("123456789")]
    public void Validate_AuthenticationHeaderPasswordNot1To8Octets_Error(string password)
    {
        var errors = Errors(Valid with { Authentication = new VrrpAuthenticationOptions { Type = VrrpAuthenticationType.IpAuthenticationHeader, Password = password } });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.authentication.auth_pass");
    }

    [Fact]
    public void Validate_PasswordLongerThan8_Error()
    {
        var errors = Errors(Valid with { Authentication = new VrrpAuthenticationOptions { Password = "123456789" } });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.authentication.auth_pass");
    }

    [Fact]
    public void Validate_NopreemptWithStateMaster_Error()
    {
        var errors = Errors(Valid with { Preempt = false, InitialState = VrrpInitialState.Master });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.nopreempt");
    }

    [Fact]
    public void Validate_DuplicateVridOnInterface_Error()
    {
        var errors = VrrpOptionsValidator.Validate(With(("A", Valid), ("B", Valid)));
        Assert.Contains(errors, e => e.Path == "instances.B.virtual_router_id");
    }

    [Fact]
    public void Validate_SameVridOtherFamily_Allowed()
    {
        var v6 = Valid with { Version = VrrpVersion.V3, VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("2001:db8::100") } } };
        Assert.Empty(VrrpOptionsValidator.Validate(With(("A", Valid), ("B", v6))));
    }

    [Fact]
    public void Validate_UnicastPeerBadTtlRangeAndFamily_Errors()
    {
        var errors = Errors(Valid with
        {
            UnicastPeers = new[]
            {
                new VrrpUnicastPeerOptions { Address = IPAddress.Parse("192.0.2.12"), MinTtl = 200, MaxTtl = 100 },
                new VrrpUnicastPeerOptions { Address = IPAddress.Parse("2001:db8::12") },
            },
        });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.unicast_peer[0]");
        Assert.Contains(errors, e => e.Path == "instances.VI_1.unicast_peer[1]");
    }

    [Fact]
    public void Validate_MulticastGroupNotMulticast_Error()
    {
        var errors = Errors(Valid with { MulticastGroup = IPAddress.Parse("192.0.2.1") });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.mcast_dst_ip");
    }

    [Fact]
    public void Validate_NegativeGarpKnobs_Errors()
    {
        var errors = Errors(Valid with { Gratuitous = new GratuitousAnnouncementOptions { MasterRepeat = -1, ArpInterval = TimeSpan.FromSeconds(-1) } });
        Assert.Contains(errors, e => e.Path == "instances.VI_1.garp_master_repeat");
        Assert.Contains(errors, e => e.Path == "instances.VI_1.garp_interval");
    }

    [Fact]
    public void Validate_NoVips_Error() =>
        Assert.Contains(Errors(Valid with { VirtualAddresses = EquatableArray<VirtualAddressOptions>.Empty }), e => e.Path == "instances.VI_1.virtual_ipaddress");

    [Fact]
    public void EffectiveFamily_FromFirstVip() =>
        Assert.Equal(AddressFamily.InterNetworkV6, (Valid with { VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("2001:db8::1") } } }).EffectiveFamily);
}

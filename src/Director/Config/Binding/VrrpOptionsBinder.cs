using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Config.Model;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Protocol;
using static LvsDirector.Config.Binding.BindingHelpers;

namespace LvsDirector.Config.Binding;

/// <summary>The effective model's vrrp_instance blocks → <see cref="VrrpOptions"/> for src/Vrrp.</summary>
internal static class VrrpOptionsBinder
{
    public static VrrpOptions Bind(ConfigObject model)
    {
        var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None);
        var instances = ImmutableSortedDictionary<string, VrrpInstanceOptions>.Empty.WithComparers(StringComparer.Ordinal);
        foreach (var vi in model.GetObjects("vrrp_instance"))
        {
            if (vi.GetString("name") is not { } name || vi.GetInteger("virtual_router_id") is not { } vrid) continue;
            var family = vi.GetString("family") == "inet6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            var auth = vi.GetObject("authentication");
            var checksumAsV2 = OptionalBool(vi, "v3_checksum_as_v2") ?? global.GetBool("v3_checksum_as_v2");
            var options = new VrrpInstanceOptions
            {
                Interface = vi.GetString("interface") ?? global.GetString("default_interface") ?? "eth0",
                VirtualRouterId = (int)vrid,
                Version = vi.GetInteger("version") == 3 ? VrrpVersion.V3 : VrrpVersion.V2,
                Family = family,
                Priority = Int(vi, "priority") ?? 100,
                AdvertisementInterval = Seconds(vi, "advert_int") ?? TimeSpan.FromSeconds(1),
                InitialState = vi.GetString("state") == "MASTER" ? VrrpInitialState.Master : VrrpInitialState.Backup,
                Preempt = !vi.GetBool("nopreempt"),
                PreemptDelay = Seconds(vi, "preempt_delay") ?? TimeSpan.Zero,
                Authentication = auth?.GetString("auth_type") switch
                {
                    "PASS" => new VrrpAuthenticationOptions { Type = VrrpAuthenticationType.SimplePassword, Password = auth.GetString("auth_pass") ?? "" },
                    "AH" => new VrrpAuthenticationOptions { Type = VrrpAuthenticationType.IpAuthenticationHeader, Password = auth.GetString("auth_pass") ?? "" },
                    _ => null,
                },
                SourceAddress = Address(vi, "unicast_src_ip") ?? Address(vi, "mcast_src_ip"),
                UnicastPeers = new EquatableArray<VrrpUnicastPeerOptions>(vi.GetItems("unicast_peer").OfType<ConfigObject>()
                    .Select(p => new VrrpUnicastPeerOptions { Address = Address(p, "address")!, MinTtl = Int(p, "min_ttl"), MaxTtl = Int(p, "max_ttl") })
                    .Where(p => p.Address is not null)),
                MulticastGroup = Address(vi, "mcast_dst_ip"),
                VirtualAddresses = Addresses(vi, "virtual_ipaddress"),
                ExcludedVirtualAddresses = Addresses(vi, "virtual_ipaddress_excluded"),
                Gratuitous = new GratuitousAnnouncementOptions
                {
                    MasterDelay = Seconds(vi, "garp_master_delay") ?? TimeSpan.FromSeconds(5),
                    MasterRepeat = Int(vi, "garp_master_repeat") ?? 5,
                    MasterRefresh = Seconds(vi, "garp_master_refresh") ?? TimeSpan.Zero,
                    MasterRefreshRepeat = Int(vi, "garp_master_refresh_repeat") ?? 1,
                    LowerPriorityDelay = Seconds(vi, "garp_lower_prio_delay"),
                    LowerPriorityRepeat = Int(vi, "garp_lower_prio_repeat"),
                    ArpInterval = Seconds(global, "vrrp_garp_interval") ?? TimeSpan.Zero,
                    NeighborAdvertisementInterval = Seconds(global, "vrrp_gna_interval") ?? TimeSpan.Zero,
                },
                ChecksumMode = checksumAsV2 ? VrrpChecksumMode.ExcludePseudoHeader : VrrpChecksumMode.IncludePseudoHeader,
                VirtualRoutes = VrrpNetworkBinder.Routes(vi, "virtual_routes"),
                VirtualRules = VrrpNetworkBinder.Rules(vi, "virtual_rules"),
                Vmac = VrrpNetworkBinder.Vmac(vi, global),
                Accept = VrrpNetworkBinder.Accept(vi),
                OwnerIgnoresAdvertisements = OptionalBool(vi, "owner_ignore_adverts") ?? OptionalBool(global, "vrrp_owner_ignore_adverts"),
            };
            instances = instances.SetItem(name, VrrpTrackingBinder.BindInstance(options, vi, model));
        }
        return VrrpTrackingBinder.BindGlobal(new VrrpOptions
        {
            Instances = instances,
            Static = VrrpNetworkBinder.BindStatic(model, global),
            Strict = global.GetBool("vrrp_strict"),
        }, model, global);
    }

    internal static EquatableArray<VirtualAddressOptions> Addresses(ConfigObject vi, string key) =>
        new(vi.GetItems(key).OfType<ConfigObject>().Select(a =>
        {
            var text = a.GetString("address") ?? "";
            var slash = text.IndexOf('/');
            return new VirtualAddressOptions
            {
                Address = IPAddress.Parse(slash < 0 ? text : text[..slash]),
                PrefixLength = slash < 0 ? null : int.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture),
                Device = a.GetString("dev"),
                Label = a.GetString("label"),
                Scope = a.GetString("scope") switch
                {
                    "site" => VirtualAddressScope.Site,
                    "link" => VirtualAddressScope.Link,
                    "host" => VirtualAddressScope.Host,
                    "nowhere" => VirtualAddressScope.Nowhere,
                    "global" => VirtualAddressScope.Global,
                    _ => null,
                },
                Broadcast = a.GetString("brd") is { } brd && IPAddress.TryParse(brd, out var b) ? b : null,
                TrackGroup = a.GetString("track_group"),
                NoTrack = a.GetBool("no_track"),
            };
        }));
}

using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>
/// <c>vrrp_strict</c>: strict RFC 3768/5798 compliance, as keepalived applies it. Refused: unicast peers,
/// authentication, an instance without virtual addresses, vmac_xmit_base. Changed: preempt_delay is
/// ignored, and every instance that does not own its addresses (priority 255) runs with no_accept. The
/// owner rule (RFC 5798 §6.4.3, keepalived's strict defaults): an address owner always accepts traffic to
/// its addresses and ignores received adverts (owner_ignore_adverts), so it is Master whatever it hears.
/// </summary>
public static class VrrpStrictMode
{
    /// <summary>The errors strict mode adds for one instance.</summary>
    internal static void Validate(string path, VrrpInstanceOptions o, List<VrrpOptionsError> errors)
    {
        if (o.IsUnicast) errors.Add(new($"{path}.unicast_peer", "vrrp_strict forbids unicast peers (RFC 3768/5798 use multicast only)"));
        if (o.Authentication is not null) errors.Add(new($"{path}.authentication", "vrrp_strict forbids authentication (RFC 5798 removed it)"));
        if (o.VirtualAddresses.Count == 0) errors.Add(new($"{path}.virtual_ipaddress", "vrrp_strict needs at least one virtual address"));
        if (o.Vmac is { TransmitOnBase: true }) errors.Add(new($"{path}.vmac_xmit_base", "vrrp_strict forbids vmac_xmit_base (adverts must come from the virtual MAC)"));
    }

    /// <summary>Whether the instance accepts traffic to its VIPs while Master: configured accept/no_accept, else accept unless strict and not the owner.</summary>
    public static bool EffectiveAccept(bool strict, VrrpInstanceOptions instance) =>
        instance.Accept ?? !(strict && instance.Priority != 255);

    /// <summary>The options as strict mode runs them (preempt_delay dropped; no_accept where it applies); unchanged when not strict.</summary>
    public static VrrpOptions Apply(VrrpOptions options)
    {
        if (!options.Strict) return options;
        var instances = options.Instances;
        foreach (var (name, instance) in options.Instances)
        {
            var strict = instance with
            {
                PreemptDelay = TimeSpan.Zero,
                // RFC 5798 §6.4.3: the owner accepts packets to its addresses whatever Accept_Mode says.
                Accept = instance.Priority == 255 || EffectiveAccept(true, instance),
                OwnerIgnoresAdvertisements = instance.OwnerIgnoresAdvertisements ?? instance.Priority == 255,
            };
            if (!strict.Equals(instance)) instances = instances.SetItem(name, strict);
        }
        return options with { Instances = instances };
    }

    /// <summary>One line per effective consequence of vrrp_strict, for <c>lvs-director -t</c> and the start-up log; empty when not strict.</summary>
    public static IReadOnlyList<string> Consequences(VrrpOptions options)
    {
        if (!options.Strict) return [];
        var lines = new List<string>
        {
            "vrrp_strict: unicast peers, authentication, instances without virtual addresses and vmac_xmit_base are refused",
            "vrrp_strict: received adverts must list exactly our virtual addresses (others are dropped)",
        };
        foreach (var (name, o) in options.Instances)
        {
            if (o.PreemptDelay > TimeSpan.Zero)
                lines.Add($"vrrp_strict: ({name}) preempt_delay {o.PreemptDelay.TotalSeconds} s is ignored");
            if (!EffectiveAccept(true, o) && o.Priority != 255)
                lines.Add($"vrrp_strict: ({name}) no_accept: as Master, traffic to its virtual addresses is dropped (nftables table inet lvs_director_vrrp)" + (o.Accept is null ? " because its priority is not 255" : ""));
            if (o.Priority == 255)
            {
                lines.Add($"vrrp_strict: ({name}) priority 255 (address owner): traffic to its virtual addresses is always accepted, whatever accept/no_accept says");
                lines.Add(o.OwnerIgnoresAdvertisements == false
                    ? $"vrrp_strict: ({name}) owner_ignore_adverts off: the owner still steps down for an equal-priority advert from a higher address"
                    : $"vrrp_strict: ({name}) priority 255 (address owner): received adverts are ignored (owner_ignore_adverts), it stays Master");
            }
            if (o.Version == VrrpVersion.V2 && o.Accept == true)
                lines.Add($"vrrp_strict: ({name}) 'accept' is not an RFC 3768 (VRRPv2) feature");
        }
        return lines;
    }
}

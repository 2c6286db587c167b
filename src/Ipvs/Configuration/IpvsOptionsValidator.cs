using System.Net.Sockets;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Configuration;

/// <summary>
/// Checks <see cref="IpvsOptions"/> against what the kernel accepts (ip_vs_ctl.c) and returns every error
/// with its path; never stops at the first (YARP ConfigValidator style).
/// </summary>
public static class IpvsOptionsValidator
{
    /// <summary>INT_MAX / HZ with HZ = 1000, the largest timeout every kernel accepts.</summary>
    public const uint MaxTimeoutSeconds = int.MaxValue / 1000;

    /// <summary>IP_VS_IFNAME_MAXLEN - 1.</summary>
    public const int MaxInterfaceNameLength = 15;

    public static IReadOnlyList<IpvsOptionsError> Validate(IpvsOptions options)
    {
        var errors = new List<IpvsOptionsError>();
        var seen = new HashSet<IpvsServiceKey>();
        for (int i = 0; i < options.Services.Count; i++)
        {
            var service = options.Services[i];
            var path = $"services[{service.Key}]";
            if (!seen.Add(service.Key)) errors.Add(new(path, "duplicate virtual service"));
            ValidateService(service, path, errors);
        }
        var states = new HashSet<IpvsSyncDaemonState>();
        for (int i = 0; i < options.SyncDaemons.Count; i++)
        {
            var daemon = options.SyncDaemons[i];
            var path = $"sync_daemons[{i}]";
            if (daemon.State is not (IpvsSyncDaemonState.Master or IpvsSyncDaemonState.Backup)) errors.Add(new(path + ".state", "must be master or backup"));
            else if (!states.Add(daemon.State)) errors.Add(new(path + ".state", $"a {daemon.State.ToString().ToLowerInvariant()} sync daemon is configured twice"));
            if (string.IsNullOrEmpty(daemon.Interface) || daemon.Interface.Length > MaxInterfaceNameLength)
                errors.Add(new(path + ".interface", $"interface name must be 1 to {MaxInterfaceNameLength} characters"));
            if (daemon.SyncId > 255) errors.Add(new(path + ".syncid", "must be 0 to 255"));
            if (daemon.Group is { } group && !(group.AddressFamily == AddressFamily.InterNetworkV6 ? group.IsIPv6Multicast : (group.GetAddressBytes()[0] & 0xF0) == 0xE0))
                errors.Add(new(path + ".group", $"{group} is not a multicast address"));
        }
        if (options.Timeouts is { } t)
        {
            if (t.TcpSeconds > MaxTimeoutSeconds) errors.Add(new("timeouts.tcp", $"must be at most {MaxTimeoutSeconds} seconds"));
            if (t.TcpFinSeconds > MaxTimeoutSeconds) errors.Add(new("timeouts.tcpfin", $"must be at most {MaxTimeoutSeconds} seconds"));
            if (t.UdpSeconds > MaxTimeoutSeconds) errors.Add(new("timeouts.udp", $"must be at most {MaxTimeoutSeconds} seconds"));
        }
        if (options.ReconcileInterval <= TimeSpan.Zero) errors.Add(new("reconcile_interval", "must be positive"));
        if (options.RetryInterval <= TimeSpan.Zero) errors.Add(new("retry_interval", "must be positive"));
        return errors;
    }

    private static void ValidateService(VirtualServiceOptions service, string path, List<IpvsOptionsError> errors)
    {
        var key = service.Key;
        if (key.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) errors.Add(new(path, "address family must be IPv4 or IPv6"));
        if (!key.IsFirewallMark && key.Port == 0 && service.PersistenceTimeoutSeconds is null)
            errors.Add(new(path + ".port", "port 0 (all ports) is only allowed for persistent services"));
        if (!IpvsSchedulers.IsKnown(service.Scheduler))
            errors.Add(new(path + ".lb_algo", $"unknown scheduler '{service.Scheduler}' (expected one of {string.Join(", ", IpvsSchedulers.All)})"));
        if ((service.Flags & ~IpvsServiceFlags.UserSettable) != 0) errors.Add(new(path + ".flags", "only persistent, one-packet and scheduler flags can be set"));
        var schedulerFlags = service.Flags & (IpvsServiceFlags.Scheduler1 | IpvsServiceFlags.Scheduler2 | IpvsServiceFlags.Scheduler3);
        if (schedulerFlags != 0 && service.Scheduler is not ("sh" or "mh"))
            errors.Add(new(path + ".flags", $"scheduler flags (sh-/mh- fallback, port) need the sh or mh scheduler, not {service.Scheduler}"));
        if (service.PersistenceTimeoutSeconds is { } timeout && (timeout == 0 || timeout > MaxTimeoutSeconds))
            errors.Add(new(path + ".persistence_timeout", $"must be 1 to {MaxTimeoutSeconds} seconds"));
        if (service.PersistenceNetmask is { } mask)
        {
            if (key.Family == AddressFamily.InterNetworkV6 && mask is < 1 or > 128)
                errors.Add(new(path + ".persistence_granularity", "an IPv6 granularity is a prefix length 1 to 128"));
            if (key.Family == AddressFamily.InterNetwork && (mask == 0 || (~mask & (~mask + 1)) != 0))
                errors.Add(new(path + ".persistence_granularity", "an IPv4 granularity must be a contiguous netmask"));
        }
        if (service.PersistenceEngine is { Length: > 0 } pe)
        {
            if (pe != "sip") errors.Add(new(path + ".persistence_engine", $"unknown persistence engine '{pe}' (only sip exists)"));
            if (service.PersistenceTimeoutSeconds is null) errors.Add(new(path + ".persistence_engine", "a persistence engine needs persistence_timeout"));
        }
        var seen = new HashSet<(System.Net.IPAddress, ushort)>();
        foreach (var real in service.RealServers)
        {
            if (!seen.Add((real.Address, real.Port))) RealServerError(errors, path, real, "", "duplicate real server");
            if (real.Weight < 0) RealServerError(errors, path, real, ".weight", "must be 0 or more");
            if (real.UpperThreshold != 0 && real.LowerThreshold > real.UpperThreshold)
                RealServerError(errors, path, real, ".lower_threshold", "must not exceed the upper threshold");
            if (real.ForwardingMethod is not (IpvsForwardingMethod.Masquerade or IpvsForwardingMethod.DirectRoute or IpvsForwardingMethod.Tunnel or IpvsForwardingMethod.LocalNode or IpvsForwardingMethod.Bypass))
                RealServerError(errors, path, real, ".lb_kind", "unknown forwarding method");
            if (real.Address.AddressFamily != key.Family && real.ForwardingMethod != IpvsForwardingMethod.Tunnel)
                RealServerError(errors, path, real, "", "a real server of another address family than its virtual service needs tunnel forwarding");
            bool tunnel = real.ForwardingMethod == IpvsForwardingMethod.Tunnel;
            if (!tunnel && (real.TunnelType != IpvsTunnelType.IpIp || real.TunnelPort != 0 || real.TunnelFlags != IpvsTunnelFlags.None))
                RealServerError(errors, path, real, ".tunnel", "tunnel settings need tunnel forwarding (lb_kind TUN)");
            if (tunnel && real.TunnelType == IpvsTunnelType.Gue && real.TunnelPort == 0) RealServerError(errors, path, real, ".tunnel_port", "a GUE tunnel needs a port");
            if (tunnel && real.TunnelType != IpvsTunnelType.Gue && real.TunnelPort != 0) RealServerError(errors, path, real, ".tunnel_port", "only GUE tunnels have a port");
            if (tunnel && real.TunnelType == IpvsTunnelType.IpIp && real.TunnelFlags != IpvsTunnelFlags.None) RealServerError(errors, path, real, ".tunnel_flags", "IPIP tunnels take no checksum flags");
            if ((real.TunnelFlags & IpvsTunnelFlags.RemoteChecksum) != 0 && real.TunnelType != IpvsTunnelType.Gue)
                RealServerError(errors, path, real, ".tunnel_flags", "remote checksum offload is only for GUE");
        }
    }

    // The path is formatted only for an error: formatting it for each of 100,000 real servers costs more than checking them.
    private static void RealServerError(List<IpvsOptionsError> errors, string servicePath, RealServerOptions real, string field, string message) =>
        errors.Add(new($"{servicePath}.real_servers[{real.Endpoint}]{field}", message));
}

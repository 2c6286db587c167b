using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Config;
using LvsDirector.Config.Model;
using LvsDirector.Config.Validation;
using static LvsDirector.Config.Binding.BindingHelpers;

namespace LvsDirector.Alerts;

/// <summary>
/// Which checker events become alerts (<c>smtp_alert</c>), as keepalived decides: a real server going up or down
/// alerts unless its <c>smtp_alert</c> (else the global <c>smtp_alert_checker</c>, else <c>smtp_alert</c>) says no;
/// a virtual server's quorum change alerts only if its <c>smtp_alert</c> (with the same global defaults) says yes.
/// Nothing alerts without a <c>notification_email</c> and an <c>smtp_server</c> to send it through, or with
/// <c>no_checker_emails</c>.
/// </summary>
internal sealed class CheckerAlertPolicy
{
    private readonly bool _enabled;
    private readonly string _routerId;
    private readonly Dictionary<string, bool> _services = new(StringComparer.Ordinal);
    private readonly HashSet<(string Service, RealServerKey RealServer)> _silentRealServers = [];

    private CheckerAlertPolicy(bool enabled, string routerId)
    {
        _enabled = enabled;
        _routerId = routerId;
    }

    public static CheckerAlertPolicy From(ConfigObject model)
    {
        var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None);
        var enabled = global.GetObject("smtp_server") is not null && global.GetItems("notification_email").Count > 0 && !global.GetBool("no_checker_emails");
        var policy = new CheckerAlertPolicy(enabled, global.GetString("router_id") ?? Dns.GetHostName());
        var globalDefault = OptionalBool(global, "smtp_alert_checker") ?? OptionalBool(global, "smtp_alert");
        foreach (var vs in model.GetObjects("virtual_server"))
        {
            var name = LvsValidator.Describe(vs);
            policy._services[name] = OptionalBool(vs, "smtp_alert") ?? globalDefault ?? false;
            foreach (var rs in vs.GetObjects("real_server"))
            {
                if (Address(rs, "ip") is not { } address) continue;
                if (!(OptionalBool(rs, "smtp_alert") ?? globalDefault ?? true)) policy._silentRealServers.Add((name, new RealServerKey(address, Int(rs, "port") ?? 0)));
            }
        }
        return policy;
    }

    /// <summary>The alert <paramref name="e"/> makes, or null when it makes none.</summary>
    public AlertMessage? For(CheckerEvent e)
    {
        if (!_enabled) return null;
        switch (e)
        {
            case RealServerStateChanged { AliveChanged: true } rs when !_silentRealServers.Contains((rs.Service, rs.RealServer)):
                return new AlertMessage(rs.Timestamp,
                    $"[{_routerId}] Realserver {Describe(rs.RealServer)} of virtual server {rs.Service} - {(rs.Alive ? "UP" : "DOWN")}",
                    rs.Alive ? "=> CHECK succeed on service <=" : $"=> CHECK failed on service : {rs.Reason} <=");
            case QuorumStateChanged q when _services.GetValueOrDefault(q.Service):
                return new AlertMessage(q.Timestamp,
                    $"[{_routerId}] Virtualserver {q.Service} - {(q.QuorumUp ? "UP" : "DOWN")}",
                    q.QuorumUp
                        ? $"=> Gained quorum {q.AliveWeight}+{q.Hysteresis}>={q.Quorum} for VS {q.Service} <="
                        : $"=> Lost quorum {q.AliveWeight}-{q.Hysteresis}<{q.Quorum} for VS {q.Service} <=");
            default:
                return null;
        }
    }

    private static string Describe(RealServerKey key) =>
        key.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{key.Address}]:{key.Port}" : $"{key.Address}:{key.Port}";
}

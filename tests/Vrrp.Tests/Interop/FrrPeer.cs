using System.Text.Json;
using LvsDirector.TestSupport;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>
/// Real FRR 8.4 vrrpd (with its zebra) as the other router, through shared/frr-vrrp/frr-vrrp-lab: private
/// files under /run/frr-vrrp-lab/NS, macvlans vrrp4-VRID / vrrp6-VRID holding the VIP (up = Master,
/// protodown = Backup). One virtual router per namespace; <c>down</c> on dispose (SIGTERM: a Master
/// sends priority 0 first).
/// </summary>
internal sealed class FrrPeer : IDisposable
{
    private const string VrrpDaemon = "/usr/lib/frr/vrrpd";

    private readonly string _script;
    private bool _up;

    public FrrPeer(string ns)
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("vtysh", "frr");
        if (!File.Exists(VrrpDaemon))
            throw new PrerequisiteMissingException($"needs {VrrpDaemon} from the Debian package frr: apt-get install -y --no-install-recommends frr");
        _script = Path.Combine(Prerequisites.SharedRoot, "frr-vrrp", "frr-vrrp-lab");
        if (!File.Exists(_script))
            throw new PrerequisiteMissingException($"needs {_script} (shared/frr-vrrp beside the repository, or LVS_SHARED_DIR)");
        Namespace = ns;
    }

    public string Namespace { get; }

    /// <summary>Starts vrrpd in Backup; it becomes Master after its Master_Down_Interval unless a better advert arrives.</summary>
    public void Up(int vrid, string vip, int priority, TimeSpan interval, int version, bool preempt = true)
    {
        var arguments = $"up --netns {Namespace} --dev eth0 --vrid {vrid} --vip {vip} --priority {priority} --advert-ms {(int)interval.TotalMilliseconds} --version {version}";
        if (!preempt) arguments += " --no-preempt";
        _up = true;
        NamespaceLab.Run(_script, arguments);
    }

    /// <summary>"Master", "Backup" or "Initialize" of the IPv4 or IPv6 router, from <c>show vrrp json</c>.</summary>
    public string Status(bool ipv6) => Router(ipv6).GetProperty("status").GetString() ?? "";

    /// <summary>Adverts vrrpd accepted (<c>stats.adverRx</c>).</summary>
    public long AdvertisementsReceived(bool ipv6) => Router(ipv6).GetProperty("stats").GetProperty("adverRx").GetInt64();

    /// <summary>kill -9 of vrrpd: no priority-0 advert.</summary>
    public void Crash()
    {
        var pid = File.ReadAllText($"/run/frr-vrrp-lab/{Namespace}/vrrpd.pid").Trim();
        NamespaceLab.Run("kill", $"-9 {pid}");
    }

    /// <summary>SIGTERM to vrrpd and zebra: a Master sends priority 0; removes the macvlans.</summary>
    public void Down()
    {
        if (!_up) return;
        _up = false;
        NamespaceLab.Run(_script, $"down --netns {Namespace}");
    }

    public override string ToString()
    {
        try
        {
            return NamespaceLab.Run(_script, $"status --netns {Namespace}");
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    public void Dispose()
    {
        try
        {
            Down();
        }
        catch (InvalidOperationException)
        {
            // Already gone (crashed and cleaned, or the namespace was removed first).
        }
    }

    private JsonElement Router(bool ipv6)
    {
        var json = NamespaceLab.Run(_script, $"status --netns {Namespace} --json");
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].GetProperty(ipv6 ? "v6" : "v4").Clone();
    }
}

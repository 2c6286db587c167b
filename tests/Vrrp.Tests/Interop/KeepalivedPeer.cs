using System.Diagnostics;
using LvsDirector.TestSupport;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>Real keepalived 2.2.7 as the other router, with private config and pid files, inside a namespace.</summary>
internal sealed class KeepalivedPeer : IDisposable
{
    private readonly NamespaceLab _lab;
    private readonly string _directory;
    private Process? _process;

    public KeepalivedPeer(NamespaceLab lab, string ns, string config)
    {
        Prerequisites.RequireCommand("keepalived", "keepalived");
        _lab = lab;
        Namespace = ns;
        _directory = Directory.CreateTempSubdirectory("lvsv-ka-").FullName;
        ConfigPath = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(ConfigPath, config);
    }

    public string Namespace { get; }
    public string ConfigPath { get; }
    private string PidFile => Path.Combine(_directory, "keepalived.pid");
    private string VrrpPidFile => Path.Combine(_directory, "vrrp.pid");

    /// <summary>keepalived's VRRP child has started (it writes its pid file once it runs).</summary>
    public bool VrrpProcessRuns => File.Exists(VrrpPidFile) && new FileInfo(VrrpPidFile).Length > 0;

    public void Start() =>
        _process = _lab.Start("ip", $"netns exec {Namespace} keepalived -n -l -D -P -f {ConfigPath} -p {PidFile} -r {VrrpPidFile}");

    /// <summary>kill -9 of the parent and the VRRP child: no priority-0 advert.</summary>
    public void Crash()
    {
        var pids = new[] { PidFile, VrrpPidFile }
            .Where(File.Exists)
            .Select(f => int.TryParse(File.ReadAllText(f).Trim(), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .ToList();
        if (pids.Count == 0) return;
        // Freeze the parent first: it would respawn a killed VRRP child, and a child that sees its
        // parent die first stops gracefully (priority 0) instead of crashing.
        NamespaceLab.Run("kill", $"-STOP {pids[0]}");
        NamespaceLab.Run("kill", "-9 " + string.Join(' ', pids.AsEnumerable().Reverse()));
        _process?.WaitForExit(5000);
    }

    /// <summary>SIGTERM: a MASTER sends priority 0 and removes its VIPs.</summary>
    public void Stop()
    {
        if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid)) NamespaceLab.Run("kill", $"-TERM {pid}");
        _process?.WaitForExit(10000);
    }

    public static string Config(string instance, int version, int priority, string advertInt, string vip, string? extra = null, bool ipv6 = false) => $$"""
        global_defs {
            router_id lvsv_ka
            script_user root
            enable_script_security
        }
        vrrp_instance {{instance}} {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int {{advertInt}}
            version {{version}}
            {{extra ?? ""}}
            virtual_ipaddress {
                {{vip}}/{{(ipv6 ? 128 : 32)}} dev eth0
            }
        }
        """;

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false }) Crash();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

using LvsDirector.Integration.Tests.Support;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Lvs;

/// <summary>Reads and resets the kernel's IPVS table through Debian's ipvsadm (what the kernel holds, not what we believe we sent).</summary>
internal static class IpvsKernel
{
    public static void Require()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ipvsadm", "ipvsadm");
        if (!File.Exists("/proc/net/ip_vs"))
            throw new PrerequisiteMissingException("needs a kernel with IPVS (/proc/net/ip_vs): these tests run inside ../shared/ipvs-vm/run-in-vm, as ./run-tests.sh does");
    }

    public static async Task<string[]> SaveAsync()
    {
        var r = await Shell.RunAsync("ipvsadm", ["-Sn"]);
        Assert.Equal(0, r.ExitCode);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The IPv4 services and dests of /proc/net/ip_vs in <c>ipvsadm -Sn</c> form (service: protocol, address and
    /// scheduler only; dest: method and weight), sorted: for polling, which under emulation must not spawn a process.
    /// </summary>
    public static string[] ReadProc()
    {
        var lines = new List<string>();
        string? service = null;
        foreach (var raw in File.ReadAllLines("/proc/net/ip_vs"))
        {
            var f = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 3 && f[0] is "TCP" or "UDP" or "SCTP")
            {
                service = $"-{Proto(f[0])} {Endpoint(f[1])}";
                lines.Add($"-A {service} -s {f[2]}");
            }
            else if (f.Length >= 4 && f[0] == "->" && service is not null && f[1].Contains(':'))
            {
                var method = f[2] switch { "Route" => "-g", "Masq" => "-m", "Tunnel" => "-i", _ => "-?" };
                lines.Add($"-a {service} -r {Endpoint(f[1])} {method} -w {f[3]}");
            }
        }
        return lines.Order(StringComparer.Ordinal).ToArray();

        static string Proto(string p) => p switch { "TCP" => "t", "UDP" => "u", _ => "--sctp-service" };

        static string Endpoint(string hex)
        {
            var parts = hex.Split(':');
            var a = Convert.ToUInt32(parts[0], 16);
            return $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}:{Convert.ToInt32(parts[1], 16)}";
        }
    }

    public static async Task ClearAsync() => Assert.Equal(0, (await Shell.RunAsync("ipvsadm", ["-C"])).ExitCode);

    /// <summary>
    /// Waits until the table is non-empty, unchanged for <paramref name="quiet"/> and accepted; returns it sorted.
    /// Fails the test, showing the last table, when that does not happen within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string[]> WaitStableAsync(TimeSpan timeout, TimeSpan quiet, Func<string[], bool>? accept = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        string[] last = [];
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var now = await SaveAsync();
            if (!now.SequenceEqual(last))
            {
                last = now;
                since = DateTime.UtcNow;
            }
            else if (last.Length > 0 && DateTime.UtcNow - since >= quiet && (accept is null || accept(last)))
            {
                return last;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"the IPVS table was not stable{(accept is null ? "" : " and as expected")} within {timeout.TotalSeconds} s; last seen:\n{string.Join("\n", last)}");
        return last;
    }
}

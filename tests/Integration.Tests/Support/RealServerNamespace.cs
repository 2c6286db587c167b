using System.Diagnostics;
using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Support;

/// <summary>
/// Real servers in a namespace <c>lvsk-XXXXXX</c>, joined to the caller's namespace by a veth pair:
/// the caller's side holds <c>PREFIX.254/24</c>, the namespace side one address per real server.
/// Listeners are started and stopped per address; dispose kills them (by pid) and deletes the namespace.
/// </summary>
internal sealed class RealServerNamespace : IAsyncDisposable
{
    private readonly Dictionary<string, Process> _listeners = new(StringComparer.Ordinal);

    private RealServerNamespace(string name, string hostVeth) => (Name, HostVeth) = (name, hostVeth);

    public string Name { get; }

    public string HostVeth { get; }

    /// <summary>Creates the namespace with <paramref name="addresses"/> (CIDR, v4 or v6) on its veth; <paramref name="hostAddresses"/> on the caller's side.</summary>
    public static async Task<RealServerNamespace> CreateAsync(IEnumerable<string> hostAddresses, IEnumerable<string> addresses)
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ip", "iproute2");
        var id = Guid.NewGuid().ToString("N")[..6];
        var ns = new RealServerNamespace("lvsk-" + id, "lvskH" + id);
        var inner = "lvskN" + id;
        await Shell.MustAsync("ip", "netns", "add", ns.Name);
        try
        {
            await Shell.MustAsync("ip", "link", "add", ns.HostVeth, "type", "veth", "peer", "name", inner, "netns", ns.Name);
            foreach (var a in hostAddresses) await Shell.MustAsync(["ip", "addr", "add", a, "dev", ns.HostVeth, .. NoDad(a)]);
            await Shell.MustAsync("ip", "link", "set", ns.HostVeth, "up");
            foreach (var a in addresses) await Shell.MustAsync(["ip", "-n", ns.Name, "addr", "add", a, "dev", inner, .. NoDad(a)]);
            await Shell.MustAsync("ip", "-n", ns.Name, "link", "set", inner, "up");
            await Shell.MustAsync("ip", "-n", ns.Name, "link", "set", "lo", "up");
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
        return ns;
    }

    /// <summary>A TCP listener (socat) that accepts and closes on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public void StartTcp(string address, int port)
    {
        Prerequisites.RequireCommand("socat", "socat");
        var bind = address.Contains(':') ? $"TCP6-LISTEN:{port},bind=[{address}],reuseaddr,fork" : $"TCP-LISTEN:{port},bind={address},reuseaddr,fork";
        Start(address, "socat", bind, "SYSTEM:true");
    }

    /// <summary>An HTTP server (python3 -m http.server) serving <paramref name="directory"/> on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public void StartHttp(string address, int port, string directory)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Prerequisites.RequireCommand("python3", "python3");
        Start(address, python, "-m", "http.server", "--bind", address, "--directory", directory, port.ToString());
    }

    private void Start(string address, string file, params string[] args)
    {
        Stop(address);
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", Name, file }.Concat(args)) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _listeners[address] = process;
    }

    /// <summary>Kills the listener on <paramref name="address"/> (the server dies: connections are refused).</summary>
    public void Stop(string address)
    {
        if (!_listeners.Remove(address, out var process)) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }

    /// <summary>Waits until <paramref name="address"/>:<paramref name="port"/> accepts TCP from inside the namespace.</summary>
    public async Task WaitListeningAsync(string address, int port, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        var target = address.Contains(':') ? $"TCP6:[{address}]:{port}" : $"TCP:{address}:{port}";
        while (sw.Elapsed < timeout)
        {
            var r = await Shell.RunAsync("ip", ["netns", "exec", Name, "socat", "-u", "OPEN:/dev/null", target + ",connect-timeout=1"], TimeSpan.FromSeconds(30));
            if (r.ExitCode == 0) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"nothing listens on {address}:{port} in {Name} after {timeout.TotalSeconds} s");
    }

    // IPv6 addresses are usable at once (no duplicate address detection between two ends we own).
    private static string[] NoDad(string address) => address.Contains(':') ? ["nodad"] : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var address in _listeners.Keys.ToList()) Stop(address);
        await Shell.RunAsync("ip", ["netns", "del", Name]);
        await Shell.RunAsync("ip", ["link", "del", HostVeth]);
    }
}

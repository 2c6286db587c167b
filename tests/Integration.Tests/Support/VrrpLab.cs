using LvsDirector.TestSupport;

namespace LvsDirector.Integration.Tests.Support;

/// <summary>
/// Two router namespaces (192.0.2.11 and .12 on eth0) joined by a bridge in a third, as testing.md §2
/// describes; everything is deleted on dispose, also after a failure.
/// </summary>
internal sealed class VrrpLab : IAsyncDisposable
{
    private readonly string _prefix;

    private VrrpLab(string prefix) => _prefix = prefix;

    public string A => _prefix + "a";
    public string B => _prefix + "b";
    private string Bridge => _prefix + "br";

    public static async Task<VrrpLab> CreateAsync(string prefix)
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ip", "iproute2");
        var lab = new VrrpLab(prefix);
        await lab.DeleteAsync();
        var script = $"""
            set -e
            ip netns add {lab.Bridge}; ip netns add {lab.A}; ip netns add {lab.B}
            ip -n {lab.Bridge} link add br0 type bridge mcast_snooping 0
            ip -n {lab.Bridge} link set br0 up
            for n in a b; do
              ip link add {prefix}v$n netns {prefix}$n type veth peer name p$n netns {lab.Bridge}
              ip -n {lab.Bridge} link set p$n master br0 up
              ip -n {prefix}$n link set {prefix}v$n name eth0
              ip -n {prefix}$n link set eth0 up
              ip -n {prefix}$n link set lo up
            done
            ip -n {lab.A} addr add 192.0.2.11/24 dev eth0
            ip -n {lab.B} addr add 192.0.2.12/24 dev eth0
            """;
        var r = await Shell.ShAsync(script);
        Assert.True(r.ExitCode == 0, "lab setup failed: " + r.All);
        return lab;
    }

    public async Task<bool> HoldsAsync(string ns, string address)
    {
        var r = await Shell.RunAsync("ip", ["-n", ns, "-o", "addr", "show", "dev", "eth0"]);
        return r.Stdout.Contains($" {address}/", StringComparison.Ordinal);
    }

    /// <summary>Polls until <paramref name="ns"/> holds (or no longer holds) the address.</summary>
    public async Task<bool> WaitHoldsAsync(string ns, string address, bool holds, TimeSpan timeout)
    {
        var stop = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < stop)
        {
            if (await HoldsAsync(ns, address) == holds) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private async Task DeleteAsync()
    {
        foreach (var ns in new[] { A, B, Bridge }) await Shell.RunAsync("ip", ["netns", "del", ns]);
    }

    public async ValueTask DisposeAsync() => await DeleteAsync();
}

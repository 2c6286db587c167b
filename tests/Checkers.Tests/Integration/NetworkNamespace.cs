using System.Net;
using LvsDirector.TestSupport;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>
/// A namespace <c>lvsc-XXXXXX</c> joined to the host by a veth pair with a /30 from 203.0.113.0/24
/// (TEST-NET-3); deleted, with its veth, on dispose.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private static int s_block = Random.Shared.Next(0, 63);

    private NetworkNamespace(string name, string hostVeth, string namespaceVeth, IPAddress hostAddress, IPAddress namespaceAddress)
    {
        Name = name;
        HostVeth = hostVeth;
        NamespaceVeth = namespaceVeth;
        HostAddress = hostAddress;
        NamespaceAddress = namespaceAddress;
    }

    public string Name { get; }
    public string HostVeth { get; }
    public string NamespaceVeth { get; }
    public IPAddress HostAddress { get; }
    public IPAddress NamespaceAddress { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("ip", "iproute2");
        var id = Guid.NewGuid().ToString("N")[..6];
        var block = (Interlocked.Increment(ref s_block) % 63) * 4;
        var ns = new NetworkNamespace("lvsc-" + id, "lvscH" + id, "lvscN" + id,
            IPAddress.Parse($"203.0.113.{block + 1}"), IPAddress.Parse($"203.0.113.{block + 2}"));
        await Shell.RunAsync("ip", "netns", "add", ns.Name);
        try
        {
            await Shell.RunAsync("ip", "link", "add", ns.HostVeth, "type", "veth", "peer", "name", ns.NamespaceVeth, "netns", ns.Name);
            await Shell.RunAsync("ip", "addr", "add", $"{ns.HostAddress}/30", "dev", ns.HostVeth);
            await Shell.RunAsync("ip", "link", "set", ns.HostVeth, "up");
            await Shell.RunAsync("ip", "-n", ns.Name, "addr", "add", $"{ns.NamespaceAddress}/30", "dev", ns.NamespaceVeth);
            await Shell.RunAsync("ip", "-n", ns.Name, "link", "set", ns.NamespaceVeth, "up");
            await Shell.RunAsync("ip", "-n", ns.Name, "link", "set", "lo", "up");
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
        return ns;
    }

    /// <summary>IPv6 on the veth pair (set by <see cref="EnableIpv6Async"/>): 2001:db8:c6:BLOCK::1 here, ::2 in the namespace.</summary>
    public IPAddress? HostAddress6 { get; private set; }

    public IPAddress? NamespaceAddress6 { get; private set; }

    /// <summary>Adds a /64 from 2001:db8::/32 to both ends (no duplicate address detection, so usable at once).</summary>
    public async Task EnableIpv6Async()
    {
        var block = NamespaceAddress.GetAddressBytes()[3];
        HostAddress6 = IPAddress.Parse($"2001:db8:c6:{block:x}::1");
        NamespaceAddress6 = IPAddress.Parse($"2001:db8:c6:{block:x}::2");
        await Shell.RunAsync("ip", "addr", "add", $"{HostAddress6}/64", "dev", HostVeth, "nodad");
        await Shell.RunAsync("ip", "-n", Name, "addr", "add", $"{NamespaceAddress6}/64", "dev", NamespaceVeth, "nodad");
    }

    public Task SetLinkAsync(bool up) => Shell.RunAsync("ip", "-n", Name, "link", "set", NamespaceVeth, up ? "up" : "down");

    /// <summary>Makes the namespace drop everything it would send back to the host: the host sees silence.</summary>
    public Task BlackholeRepliesAsync() => Shell.RunAsync("ip", "-n", Name, "route", "add", "blackhole", $"{HostAddress}/32");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Shell.RunAsync("ip", "netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        try
        {
            await Shell.RunAsync("ip", "link", "del", HostVeth);
        }
        catch (InvalidOperationException)
        {
            // Deleted with the namespace.
        }
    }
}

using LvsDirector.TestSupport;

namespace LvsDirector.Vrrp.Tests.Interop;

/// <summary>A client namespace on the lab's bridge (192.0.2.3/24, or an IPv6 address /64 without DAD), to watch its neighbour cache; deleted on dispose.</summary>
internal sealed class ClientNamespace : IDisposable
{
    private static int _counter;

    public ClientNamespace(NamespaceLab lab, string address = "192.0.2.3")
    {
        Prerequisites.RequireRoot();
        Name = $"lvsc-{Environment.ProcessId % 10000}{Interlocked.Increment(ref _counter)}";
        var port = $"c{Interlocked.Increment(ref _counter)}";
        try
        {
            NamespaceLab.Run("ip", $"netns add {Name}");
            NamespaceLab.Run("ip", $"-n {Name} link add eth0 type veth peer name {port} netns {lab.Bridge}");
            NamespaceLab.Run("ip", $"-n {lab.Bridge} link set {port} master br0 up");
            NamespaceLab.Run("ip", $"-n {Name} link set lo up");
            NamespaceLab.Run("ip", $"-n {Name} addr add " + (address.Contains(':') ? $"{address}/64 dev eth0 nodad" : $"{address}/24 dev eth0"));
            NamespaceLab.Run("ip", $"-n {Name} link set eth0 up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>The MAC address the client's neighbour cache holds for <paramref name="address"/>, or null.</summary>
    public string? NeighbourMac(string address)
    {
        var line = NamespaceLab.Run("ip", $"-n {Name} neigh show {address} dev eth0").Trim();
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(words, "lladdr");
        return i >= 0 && i + 1 < words.Length ? words[i + 1] : null;
    }

    public void Ping(string address)
    {
        try
        {
            NamespaceLab.Run("ip", $"netns exec {Name} ping -c 1 -W 1 {address}");
        }
        catch (InvalidOperationException)
        {
            // The neighbour entry is what matters, not the echo reply.
        }
    }

    /// <summary>eth0's MAC address in namespace <paramref name="ns"/>.</summary>
    public static string Mac(string ns)
    {
        var words = NamespaceLab.Run("ip", $"-n {ns} -o link show dev eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words[Array.IndexOf(words, "link/ether") + 1];
    }

    public void Dispose()
    {
        try
        {
            NamespaceLab.Run("ip", $"netns del {Name}");
        }
        catch (InvalidOperationException)
        {
        }
    }
}

namespace LvsDirector.Vrrp.Network;

/// <summary>Reads and writes /proc/sys entries of the router's network namespace (e.g. <c>net/ipv4/conf/eth0/arp_ignore</c>).</summary>
internal interface ISysctl
{
    /// <summary>The trimmed value, or null if the entry does not exist or cannot be read.</summary>
    string? Read(string path);

    /// <summary>Writes <paramref name="value"/>; false if the entry does not exist or refuses it.</summary>
    bool Write(string path, string value);
}

using LvsDirector.Vrrp.Network;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Network;

public class SysctlManagerTests
{
    private sealed class FakeSysctl : ISysctl
    {
        public Dictionary<string, string> Values { get; } = new();

        public List<string> Writes { get; } = new();

        public string? Read(string path) => Values.TryGetValue(path, out var v) ? v : null;

        public bool Write(string path, string value)
        {
            if (!Values.ContainsKey(path)) return false;
            Values[path] = value;
            Writes.Add($"{path}={value}");
            return true;
        }
    }

    private const string ArpIgnore = "net/ipv4/conf/eth0/arp_ignore";

    [Fact]
    public void Set_ThenRelease_RestoresOriginal()
    {
        var sysctl = new FakeSysctl { Values = { [ArpIgnore] = "0" } };
        var manager = new SysctlManager(sysctl, NullLogger.Instance);

        Assert.True(manager.Set(ArpIgnore, "1"));
        Assert.Equal("1", sysctl.Values[ArpIgnore]);
        manager.Release(ArpIgnore);

        Assert.Equal("0", sysctl.Values[ArpIgnore]);
        Assert.Empty(manager.Held);
    }

    [Fact]
    public void Set_TwoUsers_RestoredOnlyAfterTheLastRelease()
    {
        var sysctl = new FakeSysctl { Values = { [ArpIgnore] = "2" } };
        var manager = new SysctlManager(sysctl, NullLogger.Instance);
        manager.Set(ArpIgnore, "1");
        manager.Set(ArpIgnore, "1");

        manager.Release(ArpIgnore);
        Assert.Equal("1", sysctl.Values[ArpIgnore]);
        manager.Release(ArpIgnore);
        Assert.Equal("2", sysctl.Values[ArpIgnore]);
    }

    [Fact]
    public void Set_AlreadyAtValue_NoWriteAndNoRestoreWrite()
    {
        var sysctl = new FakeSysctl { Values = { [ArpIgnore] = "1" } };
        var manager = new SysctlManager(sysctl, NullLogger.Instance);
        manager.Set(ArpIgnore, "1");
        manager.RestoreAll();
        Assert.Empty(sysctl.Writes);
    }

    [Fact]
    public void Set_MissingEntry_FalseAndNothingHeld()
    {
        var manager = new SysctlManager(new FakeSysctl(), NullLogger.Instance);
        Assert.False(manager.Set(ArpIgnore, "1"));
        Assert.Empty(manager.Held);
    }

    [Fact]
    public void RestoreAll_SeveralEntries_EveryOriginalBack()
    {
        var sysctl = new FakeSysctl { Values = { [ArpIgnore] = "0", ["net/ipv4/conf/all/rp_filter"] = "1" } };
        var manager = new SysctlManager(sysctl, NullLogger.Instance);
        foreach (var (path, value) in VmacSysctls.ForParent("eth0", ipv6: false)) manager.Set(path, value);

        manager.RestoreAll();

        Assert.Equal("0", sysctl.Values[ArpIgnore]);
        Assert.Equal("1", sysctl.Values["net/ipv4/conf/all/rp_filter"]);
    }

    [Fact]
    public void ToName_PathWithDottedInterface_SysctlName() =>
        Assert.Equal("net.ipv4.conf.vrrp.51.arp_ignore", SysctlManager.ToName("net/ipv4/conf/vrrp.51/arp_ignore"));
}

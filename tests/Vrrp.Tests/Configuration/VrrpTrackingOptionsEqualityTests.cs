using System.Collections.Immutable;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Tests.Configuration;

/// <summary>The global tracking, sync-group and notify parts of <see cref="VrrpOptions"/> take part in its equality (reload diffs).</summary>
public class VrrpTrackingOptionsEqualityTests
{
    private static ImmutableSortedDictionary<string, T> One<T>(string key, T value) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(key, value)]);

    private static VrrpScriptCommand Cmd(params string[] argv) => new() { Arguments = argv };

    public static TheoryData<string> Changes => new()
    {
        "Instances", "Scripts", "TrackFiles", "TrackProcesses", "SyncGroups", "TrackGroups", "InterfaceDelays", "NotifyFifos", "Scripting", "Static", "Strict",
    };

    [Fact]
    public void Equals_SameContentInNewCollections_Equal()
    {
        VrrpOptions Build() => new()
        {
            Scripts = One("chk", new VrrpScriptOptions { Command = Cmd("/bin/chk", "a"), Weight = 2 }),
            SyncGroups = One("G", new VrrpSyncGroupOptions { Members = new[] { "VI_1" } }),
            NotifyFifos = new[] { new VrrpNotifyFifoOptions { Path = "/run/f", Script = Cmd("/bin/reader") } },
        };

        Assert.Equal(Build(), Build());
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Equals_OnePropertyChanged_NotEqual(string property)
    {
        var o = new VrrpOptions();
        var changed = property switch
        {
            "Instances" => o with { Instances = One("VI_1", new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 1 }) },
            "Scripts" => o with { Scripts = One("chk", new VrrpScriptOptions { Command = Cmd("/bin/chk") }) },
            "TrackFiles" => o with { TrackFiles = One("f", new VrrpTrackFileOptions { Path = "/tmp/f" }) },
            "TrackProcesses" => o with { TrackProcesses = One("p", new VrrpTrackProcessOptions { Process = "nginx" }) },
            "SyncGroups" => o with { SyncGroups = One("G", new VrrpSyncGroupOptions { Members = new[] { "VI_1" } }) },
            "TrackGroups" => o with { TrackGroups = One("T", new EquatableArray<string>(new[] { "VI_1" })) },
            "InterfaceDelays" => o with { InterfaceDelays = One("eth0", new InterfaceDelayOptions { Down = TimeSpan.FromSeconds(1) }) },
            "NotifyFifos" => o with { NotifyFifos = new[] { new VrrpNotifyFifoOptions { Path = "/run/f" } } },
            "Scripting" => o with { Scripting = new VrrpScriptingOptions { ScriptUser = "nobody" } },
            "Static" => o with { Static = new StaticNetworkOptions { Addresses = new[] { new VirtualAddressOptions { Address = System.Net.IPAddress.Parse("192.0.2.9"), Device = "eth0" } } } },
            "Strict" => o with { Strict = true },
            _ => throw new ArgumentException(property),
        };

        Assert.NotEqual(o, changed);
    }

    [Fact]
    public void Changes_CoverEveryPublicProperty()
    {
        var covered = ((IEnumerable<object[]>)Changes).Select(r => (string)r[0]).ToHashSet();
        Assert.All(typeof(VrrpOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name), name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Validate_UnknownReferencesAndMembers_AllReported()
    {
        var vi = new VrrpInstanceOptions
        {
            Interface = "eth0",
            VirtualRouterId = 1,
            VirtualAddresses = new[] { new VirtualAddressOptions { Address = System.Net.IPAddress.Parse("192.0.2.1") } },
            Tracking = new VrrpTrackingOptions { Scripts = new[] { new VrrpTrackReference { Name = "missing" } } },
        };
        var o = new VrrpOptions
        {
            Instances = One("VI_1", vi),
            SyncGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [
                KeyValuePair.Create("G1", new VrrpSyncGroupOptions { Members = new[] { "VI_1", "VI_9" } }),
                KeyValuePair.Create("G2", new VrrpSyncGroupOptions { Members = new[] { "VI_1" } })]),
            Scripts = One("bad", new VrrpScriptOptions { Command = Cmd("/bin/x"), Weight = 300, Rise = 0 }),
        };

        var errors = VrrpOptionsValidator.Validate(o).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.Contains("missing is not defined"));
        Assert.Contains(errors, e => e.Contains("VI_9 does not exist"));
        Assert.Contains(errors, e => e.Contains("already in sync group G1"));
        Assert.Contains(errors, e => e.Contains("300 is out of range"));
        Assert.Contains(errors, e => e.Contains("rise"));
    }
}

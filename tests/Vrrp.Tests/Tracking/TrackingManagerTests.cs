using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using LvsDirector.TestSupport;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Tests.Fakes;
using LvsDirector.Vrrp.Tracking;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Vrrp.Tests.Tracking;

public class TrackingManagerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeScriptLauncher _launcher = new();
    private readonly FakeProcessTable _processes = new();
    private readonly ConcurrentQueue<(string Instance, TrackingStatus Status)> _published = new();
    private readonly HashSet<string> _down = new();
    private readonly TrackingManager _manager;
    private volatile int _scriptExit;

    public TrackingManagerTests()
    {
        _launcher.ExitCode = _ => _scriptExit;
        _manager = new TrackingManager(new TrackingDependencies(_time, _launcher, _processes), NullLoggerFactory.Instance, i => !_down.Contains(i), (i, s) => _published.Enqueue((i, s)));
    }

    private static VrrpInstanceOptions Instance(VrrpTrackingOptions tracking) => new()
    {
        Interface = "eth0",
        VirtualRouterId = 1,
        VirtualAddresses = new[] { new VirtualAddressOptions { Address = IPAddress.Parse("192.0.2.100") } },
        Tracking = tracking,
    };

    private static VrrpScriptOptions Script(int weight) => new() { Command = new VrrpScriptCommand { Arguments = new[] { "/bin/chk" } }, Weight = weight, Interval = TimeSpan.FromSeconds(2) };

    private static VrrpOptions Options(VrrpInstanceOptions vi, params (string, VrrpScriptOptions)[] scripts) => new()
    {
        Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", vi)]),
        Scripts = scripts.ToImmutableSortedDictionary(s => s.Item1, s => s.Item2, StringComparer.Ordinal),
    };

    private static EquatableArray<VrrpTrackReference> Refs(params string[] names) => new(names.Select(n => new VrrpTrackReference { Name = n }));

    [Fact]
    public async Task Script_WeightPlusTwo_AddedWhileOkRemovedWhenFailing()
    {
        await _manager.ApplyAsync(Options(Instance(new VrrpTrackingOptions { Scripts = Refs("chk") }), ("chk", Script(2))));

        await Eventually.True(() => _manager.StatusOf("VI_1").Delta == 2, "script OK adds 2");
        await Eventually.True(() => _time.ActiveTimerCount == 1, "the interval timer is armed");
        _scriptExit = 1;
        _time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(() => _manager.StatusOf("VI_1").Delta == 0, "failure removes it");

        // The first publication is 0 (nothing known yet) unless the script's first run, started by ApplyAsync,
        // finished before ApplyAsync's own recompute: then 2 comes first. Either way 2, then 0, and nothing else.
        var deltas = _published.Select(p => p.Status.Delta).ToArray();
        Assert.Equal([2L, 0L], deltas.SkipWhile(d => d == 0).ToArray());
        Assert.True(deltas.Length <= 3, string.Join(", ", deltas));
    }

    [Fact]
    public async Task Script_WeightZeroFails_Fault()
    {
        _scriptExit = 1;
        await _manager.ApplyAsync(Options(Instance(new VrrpTrackingOptions { Scripts = Refs("chk") }), ("chk", Script(0))));

        await Eventually.True(() => _manager.StatusOf("VI_1").IsFault, "FAULT");

        Assert.Equal(["track_script chk"], _manager.StatusOf("VI_1").Faults);
    }

    [Fact]
    public async Task ReferenceWeight_OverridesScriptWeight()
    {
        var tracking = new VrrpTrackingOptions { Scripts = new[] { new VrrpTrackReference { Name = "chk", Weight = 7 } } };
        await _manager.ApplyAsync(Options(Instance(tracking), ("chk", Script(2))));

        await Eventually.True(() => _manager.StatusOf("VI_1").Delta == 7, "weight 7 from the reference");
    }

    [Fact]
    public async Task UnreferencedScript_NeverRuns()
    {
        await _manager.ApplyAsync(Options(Instance(new VrrpTrackingOptions()), ("chk", Script(2))));

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(_launcher.Launches);
    }

    [Fact]
    public async Task Reload_UnchangedScript_KeepsTrackerAndState()
    {
        var options = Options(Instance(new VrrpTrackingOptions { Scripts = Refs("chk") }), ("chk", Script(2)));
        await _manager.ApplyAsync(options);
        await Eventually.True(() => _manager.StatusOf("VI_1").Delta == 2, "OK");
        var launches = _launcher.Launches.Count;

        await _manager.ApplyAsync(options with { Instances = options.Instances.SetItem("VI_1", options.Instances["VI_1"] with { Priority = 90 }) });

        Assert.Equal(2, _manager.StatusOf("VI_1").Delta);
        Assert.Equal(launches, _launcher.Launches.Count);   // not restarted: no immediate re-run
    }

    [Fact]
    public async Task Reload_OnlyWeightChanged_KeepsResultAndAppliesNewWeight()
    {
        var options = Options(Instance(new VrrpTrackingOptions { Scripts = Refs("chk") }), ("chk", Script(2)));
        await _manager.ApplyAsync(options);
        // The published 2, not only the tracker's state: the script records its result before it publishes.
        await Eventually.True(() => _published.Any(p => p.Status.Delta == 2), "2 published");
        _published.Clear();

        await _manager.ApplyAsync(options with { Scripts = options.Scripts.SetItem("chk", Script(10)) });

        Assert.Equal([10L], _published.Select(p => p.Status.Delta).ToArray());   // straight from 2 to 10, no reset to 0
    }

    [Fact]
    public async Task TrackInterface_UnweightedDown_FaultWeightedDown_Delta()
    {
        var tracking = new VrrpTrackingOptions
        {
            Interfaces = new[] { new VrrpTrackReference { Name = "eth1" }, new VrrpTrackReference { Name = "eth2", Weight = -10 } },
        };
        await _manager.ApplyAsync(Options(Instance(tracking)));
        Assert.Equal(TrackingStatus.None, _manager.StatusOf("VI_1"));

        _manager.SetInterfaceState("eth2", false);
        Assert.Equal(-10, _manager.StatusOf("VI_1").Delta);
        _manager.SetInterfaceState("eth1", false);

        Assert.Equal(["track_interface eth1"], _manager.StatusOf("VI_1").Faults);
    }

    [Fact]
    public async Task TrackFile_ValueTimesWeight()
    {
        var dir = Directory.CreateTempSubdirectory("lvsv-trackfile-");
        try
        {
            var path = Path.Combine(dir.FullName, "prio");
            var options = Options(Instance(new VrrpTrackingOptions { Files = Refs("f") })) with
            {
                TrackFiles = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("f", new VrrpTrackFileOptions { Path = path, Weight = -3, InitValue = 0 })]),
            };
            await _manager.ApplyAsync(options);
            Assert.Equal("0\n", File.ReadAllText(path));   // init_file created it

            File.WriteAllText(path, "5\n");
            _time.Advance(FileTracker.PollInterval);

            Assert.Equal(-15, _manager.StatusOf("VI_1").Delta);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task SyncGroupTracking_AppliesToEveryMember()
    {
        var vi = Instance(new VrrpTrackingOptions());
        var options = new VrrpOptions
        {
            Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", vi), KeyValuePair.Create("VI_2", vi with { VirtualRouterId = 2 })]),
            SyncGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("G", new VrrpSyncGroupOptions
            {
                Members = new[] { "VI_1", "VI_2" },
                Tracking = new VrrpTrackingOptions { Interfaces = Refs("eth9") },
            })]),
        };
        await _manager.ApplyAsync(options);

        _manager.SetInterfaceState("eth9", false);

        Assert.True(_manager.StatusOf("VI_1").IsFault);
        Assert.True(_manager.StatusOf("VI_2").IsFault);
    }

    [Theory]
    [InlineData(false, true, 0)]    // weights ignored in a sync group: the failing weighted tracker means FAULT
    [InlineData(true, false, -10)]  // sync_group_tracking_weight: the weight applies
    public async Task SyncGroupMember_WeightedTracker_UnweightedUnlessTrackingWeight(bool trackingWeight, bool fault, long delta)
    {
        var vi = Instance(new VrrpTrackingOptions { Interfaces = new[] { new VrrpTrackReference { Name = "eth2", Weight = -10 } } });
        var options = new VrrpOptions
        {
            Instances = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("VI_1", vi)]),
            SyncGroups = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("G", new VrrpSyncGroupOptions { Members = new[] { "VI_1" }, TrackingWeight = trackingWeight })]),
        };
        await _manager.ApplyAsync(options);

        _manager.SetInterfaceState("eth2", false);

        Assert.Equal(fault, _manager.StatusOf("VI_1").IsFault);
        Assert.Equal(delta, _manager.StatusOf("VI_1").Delta);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _manager.DisposeAsync();
}

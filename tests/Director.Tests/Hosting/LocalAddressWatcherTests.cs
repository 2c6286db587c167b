using System.Net;
using LvsDirector.Hosting;
using LvsDirector.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Director.Tests.Hosting;

public class LocalAddressWatcherTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.10");

    private readonly ManualTimeProvider _time = new();
    private readonly FakeAddressSource _source = new();
    private readonly List<IPAddress[]> _reports = [];
    private readonly LocalAddressWatcher _watcher;

    public LocalAddressWatcherTests()
    {
        _source.Addresses = [IPAddress.Loopback];
        _watcher = new LocalAddressWatcher(_source, _time, Interval, a => _reports.Add([.. a.OrderBy(x => x.ToString())]), NullLogger.Instance);
    }

    [Fact]
    public void Start_ReportsTheAddressesBeforeReturning()
    {
        _watcher.Start();

        Assert.Equal([IPAddress.Loopback], Assert.Single(_reports));
    }

    [Fact]
    public void Changed_NewSet_ReportedAtOnce_SameSet_NotReported()
    {
        _watcher.Start();

        _source.Raise(); // nothing changed
        _source.Addresses = [IPAddress.Loopback, Vip];
        _source.Raise();

        Assert.Equal(2, _reports.Count);
        Assert.Equal([IPAddress.Loopback, Vip], _reports[1]);
    }

    [Fact]
    public void Interval_ChangeWithoutNotification_FoundByTheNextRead()
    {
        _watcher.Start();
        _source.Addresses = [IPAddress.Loopback, Vip];

        _time.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.Single(_reports);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(2, _reports.Count);

        _source.Addresses = [IPAddress.Loopback];
        _time.Advance(Interval); // re-armed after each read
        Assert.Equal(3, _reports.Count);
    }

    [Fact]
    public void Read_Fails_LastSetStandsAndTheNextReadReports()
    {
        _watcher.Start();
        _source.Failure = new IOException("getifaddrs failed");

        _source.Raise();
        Assert.Single(_reports);

        _source.Failure = null;
        _source.Addresses = [Vip];
        _time.Advance(Interval);
        Assert.Equal([Vip], _reports[^1]);
    }

    [Fact]
    public void Dispose_StopsWatchingAndDisposesTheSource()
    {
        _watcher.Start();
        _watcher.Dispose();
        _source.Addresses = [Vip];

        _source.Raise();
        _time.Advance(Interval);

        Assert.Single(_reports);
        Assert.True(_source.Disposed);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void InterfaceAddressSource_Read_HoldsLoopback()
    {
        using var source = new InterfaceAddressSource();

        Assert.Contains(IPAddress.Loopback, source.Read());
    }

    private sealed class FakeAddressSource : ILocalAddressSource
    {
        public IPAddress[] Addresses { get; set; } = [];
        public Exception? Failure { get; set; }
        public bool Disposed { get; private set; }

        public event Action? Changed;

        public IReadOnlySet<IPAddress> Read() => Failure is { } e ? throw e : Addresses.ToHashSet();

        public void Raise() => Changed?.Invoke();

        public void Dispose() => Disposed = true;
    }
}

using System.Net;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Hosting;

/// <summary>
/// Reports the host's local addresses (ha_suspend) when they change: read at <see cref="Start"/>, again on every
/// <see cref="ILocalAddressSource.Changed"/> and, as a safety net for a missed notification, every
/// <see cref="Interval"/>. A read that finds the same set reports nothing; reports are made one at a time, in order.
/// </summary>
internal sealed partial class LocalAddressWatcher : IDisposable
{
    private readonly ILocalAddressSource _source;
    private readonly TimeProvider _timeProvider;
    private readonly Action<IReadOnlySet<IPAddress>> _report;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private ITimer? _timer;
    private HashSet<IPAddress>? _last;
    private string? _lastError;
    private bool _disposed;

    public LocalAddressWatcher(ILocalAddressSource source, TimeProvider timeProvider, TimeSpan interval, Action<IReadOnlySet<IPAddress>> report, ILogger logger)
    {
        _source = source;
        _timeProvider = timeProvider;
        Interval = interval;
        _report = report;
        _logger = logger;
    }

    /// <summary>How often the addresses are re-read without a notification.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Reads and reports the addresses now (before returning), then watches them.</summary>
    public void Start()
    {
        _source.Changed += Refresh;
        Refresh();
        using (ExecutionContext.SuppressFlow())
        {
            lock (_gate)
            {
                if (!_disposed) _timer = _timeProvider.CreateTimer(static s => ((LocalAddressWatcher)s!).OnTimer(), this, Interval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        _source.Changed -= Refresh;
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
        _source.Dispose();
    }

    private void OnTimer()
    {
        Refresh();
        // One-shot, re-armed after the work; a disposed timer ignores Change.
        lock (_gate) _timer?.Change(Interval, Timeout.InfiniteTimeSpan);
    }

    private void Refresh()
    {
        lock (_gate)
        {
            if (_disposed) return;
            HashSet<IPAddress> now;
            try
            {
                now = [.. _source.Read()];
                _lastError = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The previous set stands; logged once until a read succeeds again.
                if (e.Message != _lastError) Log.ReadFailed(_logger, e.Message);
                _lastError = e.Message;
                return;
            }
            if (_last is not null && _last.SetEquals(now)) return;
            _last = now;
            try
            {
                _report(now);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // On a timer or the network-change thread: an escaping exception would end the process.
                Log.ReportFailed(_logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Cannot read the local addresses (ha_suspend keeps the last ones read): {Reason}")]
        public static partial void ReadFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Handing the local addresses to the checkers failed (ha_suspend)")]
        public static partial void ReportFailed(ILogger logger, Exception exception);
    }
}

using System.Globalization;
using System.Threading.Channels;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Scripts;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Notify;

/// <summary>
/// Delivers notify events. Unlike keepalived (fire-and-forget, unordered), each instance and group
/// has its own queue worked in order: the state's script (notify_master …), then the generic
/// <c>notify</c> with <c>INSTANCE|GROUP name STATE priority</c> appended, each to completion or
/// its timeout, before the next event of that name starts. FIFO lines go out in global order.
/// Enqueueing never blocks, so the VRRP thread may call it.
/// </summary>
internal sealed partial class NotifyDispatcher : IAsyncDisposable
{
    private readonly ScriptRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<(VrrpNotificationKind, string), Queue> _queues = new();
    private readonly NotifyFifoWriter _fifos;
    private readonly CancellationTokenSource _stop = new();
    private volatile VrrpOptions _options = new();

    public NotifyDispatcher(IScriptLauncher launcher, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _runner = new ScriptRunner(launcher, time, loggerFactory.CreateLogger<ScriptRunner>());
        _time = time;
        _logger = loggerFactory.CreateLogger<NotifyDispatcher>();
        _fifos = new NotifyFifoWriter(launcher, loggerFactory.CreateLogger<NotifyFifoWriter>());
    }

    /// <summary>Raised after each notification has been fully delivered (scripts ended, FIFO written); for tests and metrics.</summary>
    public event Action<VrrpNotification>? Delivered;

    public void Configure(VrrpOptions options)
    {
        _options = options;
        _fifos.Configure(options.NotifyFifos, options.Scripting);
    }

    public VrrpNotification Instance(string name, string state, int priority)
    {
        var notify = _options.Instances.TryGetValue(name, out var o) ? o.Notify : new VrrpNotifyOptions();
        return Enqueue(VrrpNotificationKind.Instance, name, state, priority, notify);
    }

    public VrrpNotification Group(string name, string state)
    {
        var notify = _options.SyncGroups.TryGetValue(name, out var g) ? g.Notify : new VrrpNotifyOptions();
        // keepalived passes priority 0 for groups.
        return Enqueue(VrrpNotificationKind.Group, name, state, 0, notify);
    }

    private VrrpNotification Enqueue(VrrpNotificationKind kind, string name, string state, int priority, VrrpNotifyOptions notify)
    {
        Queue? queue;
        lock (_queues)
        {
            if (!_queues.TryGetValue((kind, name), out queue)) _queues[(kind, name)] = queue = new Queue(this);
        }
        VrrpNotification notification;
        lock (queue)
        {
            notification = new VrrpNotification(kind, name, state, priority, ++queue.Sequence, _time.GetUtcNow());
            var scripts = new List<(string What, VrrpScriptCommand Command, bool Generic)>();
            var specific = state switch
            {
                NotifyStateNames.Master => notify.Master,
                NotifyStateNames.Backup => notify.Backup,
                NotifyStateNames.Fault => notify.Fault,
                NotifyStateNames.Stop => notify.Stop,
                NotifyStateNames.MasterReceivedLowerPriority => notify.MasterReceivedLowerPriority,
                NotifyStateNames.Deleted => notify.Deleted,
                _ => null,
            };
            var label = kind == VrrpNotificationKind.Group ? $"VRRP_Group({name})" : $"({name})";
            if (specific is not null) scripts.Add(($"{label} notify_{state.ToLowerInvariant()}", specific, false));
            if (notify.Generic is not null && !NotifyStateNames.IsFifoOnly(state)) scripts.Add(($"{label} notify", notify.Generic, true));
            _fifos.Write(notification.FifoLine);
            queue.Channel.Writer.TryWrite(new Work(notification, scripts, _options.Scripting));
        }
        Log.Queued(_logger, notification.KindText, name, state, notification.Sequence);
        return notification;
    }

    private async Task WorkAsync(Queue queue)
    {
        await foreach (var work in queue.Channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var n = work.Notification;
            foreach (var (what, command, generic) in work.Scripts)
            {
                if (_stop.IsCancellationRequested) break;
                var args = generic ? new[] { n.KindText, n.Name, n.State, n.Priority.ToString(CultureInfo.InvariantCulture) } : [];
                var env = new Dictionary<string, string> { [VrrpNotification.SequenceVariable] = n.Sequence.ToString(CultureInfo.InvariantCulture) };
                try
                {
                    await _runner.RunAsync($"{what} #{n.Sequence}", ScriptLaunch.From(command, work.Scripting, args, env), work.Scripting.NotifyTimeout, logSuccess: true, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Log.Failed(_logger, what, ex);
                }
            }
            try
            {
                Delivered?.Invoke(n);
            }
            catch (Exception ex)
            {
                Log.Failed(_logger, "Delivered handler", ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Queue> queues;
        lock (_queues) queues = _queues.Values.ToList();
        foreach (var q in queues) q.Channel.Writer.TryComplete();
        // Let queued notify_stop scripts run (each bounded by its timeout); cancel only what hangs past it.
        var all = Task.WhenAll(queues.Select(q => q.Worker));
        var limit = _options.Scripting.NotifyTimeout + ScriptRunner.KillGrace + TimeSpan.FromSeconds(1);
        if (await Task.WhenAny(all, Task.Delay(limit, _time)).ConfigureAwait(false) != all)
        {
            _stop.Cancel();
            await all.ConfigureAwait(false);
        }
        await _fifos.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed record Work(VrrpNotification Notification, IReadOnlyList<(string What, VrrpScriptCommand Command, bool Generic)> Scripts, VrrpScriptingOptions Scripting);

    private sealed class Queue
    {
        public Queue(NotifyDispatcher owner)
        {
            Worker = Task.Run(() => owner.WorkAsync(this));
        }

        public Channel<Work> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

        public long Sequence { get; set; }

        public Task Worker { get; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.NotifyQueued, LogLevel.Debug, "{Kind} {Name} {State} notification #{Sequence} queued")]
        public static partial void Queued(ILogger logger, string kind, string name, string state, long sequence);

        [LoggerMessage(EventIds.NotifyFailed, LogLevel.Error, "{What} failed")]
        public static partial void Failed(ILogger logger, string what, Exception exception);
    }
}

using LvsDirector.Common.Interop;
using LvsDirector.Vrrp.Network;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// Process events from the kernel's proc connector (NETLINK_CONNECTOR, CN_IDX_PROC), as keepalived's
/// track_process uses them: one thread blocked in poll(2), woken by an eventfd to stop. Needs
/// CAP_NET_ADMIN and the initial network namespace (the kernel sends these events nowhere else).
/// </summary>
internal sealed partial class ProcConnectorMonitor : IProcessEvents, IDisposable
{
    /// <summary>keepalived's process_monitor_rcv_bufs default is the system's; 1 MiB holds a few thousand exits.</summary>
    private const int ReceiveBuffer = 1 << 20;

    private readonly NetlinkEventSocket _socket;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stopped = new();
    private volatile bool _stopping;

    private ProcConnectorMonitor(NetlinkEventSocket socket, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "vrrp-proc-events" };
        _thread.Start();
    }

    public event Action<ProcessEvent>? Event;

    /// <summary>Subscribes to process events, or returns null (logged) when the kernel refuses: the trackers then poll /proc.</summary>
    public static ProcConnectorMonitor? TryStart(ILogger logger)
    {
        NetlinkEventSocket? socket = null;
        try
        {
            socket = new NetlinkEventSocket(ProcConnectorMessages.NetlinkConnector, ProcConnectorMessages.CN_IDX_PROC, ReceiveBuffer);
            socket.Send(ProcConnectorMessages.Listen(true));
            Log.Listening(logger);
            return new ProcConnectorMonitor(socket, logger);
        }
        catch (ErrnoException ex)
        {
            socket?.Dispose();
            Log.Unavailable(logger, ex.Message);
            return null;
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            try
            {
                switch (_socket.Wait(Timeout.InfiniteTimeSpan))
                {
                    case NetlinkWait.Received:
                        foreach (var e in ProcConnectorMessages.ReadEvents(_socket.Datagram)) Raise(e);
                        break;
                    case NetlinkWait.Overrun:
                        Log.Overrun(_logger);
                        Raise(new ProcessEvent(ProcessEventKind.Overrun, 0));
                        break;
                    case NetlinkWait.Woken:
                        return;
                }
            }
            catch (ErrnoException ex)
            {
                if (_stopping) return;
                Log.Unavailable(_logger, ex.Message);
                Raise(new ProcessEvent(ProcessEventKind.Overrun, 0));
                // Trackers rescanned on the overrun; retry once a second rather than spin on a broken socket.
                if (_stopped.Wait(TimeSpan.FromSeconds(1))) return;
            }
        }
    }

    private void Raise(ProcessEvent e)
    {
        try
        {
            Event?.Invoke(e);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _stopped.Set();
        _socket.Wake();
        _thread.Join();
        _socket.Dispose();
        _stopped.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ProcessEventsListening, LogLevel.Information, "vrrp_track_process: following process events from the proc connector")]
        public static partial void Listening(ILogger logger);

        [LoggerMessage(EventIds.ProcessEventsUnavailable, LogLevel.Warning, "vrrp_track_process: proc connector unavailable ({Error}): scanning /proc every second instead")]
        public static partial void Unavailable(ILogger logger, string error);

        [LoggerMessage(EventIds.ProcessEventsOverrun, LogLevel.Warning, "vrrp_track_process: process events were lost (receive queue full): rescanning /proc")]
        public static partial void Overrun(ILogger logger);

        [LoggerMessage(EventIds.TrackerFailed, LogLevel.Error, "vrrp_track_process: a process event handler failed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}

using System.Text;
using System.Threading.Channels;
using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Interop;
using LvsDirector.Vrrp.Scripts;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Notify;

/// <summary>
/// Writes notify lines to every notify_fifo, in order, from its own task (a FIFO without a reader
/// blocks only this task). Creates a missing FIFO and starts its notify_fifo_script with the FIFO's
/// path as the last argument, as keepalived does; the script is killed when the FIFO is dropped.
/// </summary>
internal sealed partial class NotifyFifoWriter : IAsyncDisposable
{
    private readonly IScriptLauncher _launcher;
    private readonly ILogger _logger;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private readonly Dictionary<VrrpNotifyFifoOptions, Sink> _sinks = new();
    private readonly Task _worker;

    public NotifyFifoWriter(IScriptLauncher launcher, ILogger logger)
    {
        _launcher = launcher;
        _logger = logger;
        _worker = Task.Run(WorkAsync);
    }

    public void Configure(EquatableArray<VrrpNotifyFifoOptions> fifos, VrrpScriptingOptions scripting)
    {
        lock (_gate)
        {
            foreach (var (key, sink) in _sinks.ToList())
            {
                if (fifos.Contains(key)) continue;
                sink.Dispose();
                _sinks.Remove(key);
            }
            foreach (var fifo in fifos)
            {
                if (_sinks.ContainsKey(fifo)) continue;
                var sink = Open(fifo, scripting);
                if (sink is not null) _sinks[fifo] = sink;
            }
        }
    }

    public void Write(string line)
    {
        lock (_gate)
        {
            if (_sinks.Count == 0) return;
        }
        _lines.Writer.TryWrite(line);
    }

    private Sink? Open(VrrpNotifyFifoOptions fifo, VrrpScriptingOptions scripting)
    {
        try
        {
            if (!File.Exists(fifo.Path)) MakeFifo(fifo.Path);
            // O_RDWR: opening a FIFO for writing alone would block until a reader appears.
            var stream = new FileStream(fifo.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            IScriptProcess? reader = null;
            if (fifo.Script is { } script)
                reader = _launcher.Start(ScriptLaunch.From(script, scripting, [fifo.Path]));
            return new Sink(stream, reader);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.FifoFailed(_logger, fifo.Path, ex.Message);
            return null;
        }
    }

    private static unsafe void MakeFifo(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            if (ScriptLibc.MkFifo(p, 0x180 /* 0600 */) != 0)
                throw new IOException($"mkfifo {path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var line in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            List<(VrrpNotifyFifoOptions, Sink)> sinks;
            lock (_gate) sinks = _sinks.Select(kv => (kv.Key, kv.Value)).ToList();
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            foreach (var (fifo, sink) in sinks)
            {
                try
                {
                    await sink.Stream.WriteAsync(bytes).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    Log.FifoFailed(_logger, fifo.Path, ex.Message);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var sink in _sinks.Values) sink.Dispose();
            _sinks.Clear();
        }
    }

    private sealed record Sink(FileStream Stream, IScriptProcess? Reader) : IDisposable
    {
        public void Dispose()
        {
            Reader?.SignalGroup(ScriptSignals.SigTerm);
            Reader?.Dispose();
            Stream.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.NotifyFifoFailed, LogLevel.Error, "notify FIFO {Path}: {Error}")]
        public static partial void FifoFailed(ILogger logger, string path, string error);
    }
}

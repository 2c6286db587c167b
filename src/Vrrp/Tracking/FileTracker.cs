using LvsDirector.Vrrp.Configuration;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// One track_file, polled every <see cref="PollInterval"/> (keepalived uses inotify; a second is
/// well inside the advert timescale). A missing or unreadable file reads as 0.
/// </summary>
internal sealed partial class FileTracker : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly object _gate = new();
    private ITimer? _timer;

    public FileTracker(string name, VrrpTrackFileOptions options, TimeProvider time, ILogger logger, Action changed)
    {
        Name = name;
        Options = options;
        _time = time;
        _logger = logger;
        _changed = changed;
        InitialiseFile();
        Value = Read();
    }

    public string Name { get; }

    /// <summary>The definition; a reload that changes only the weight swaps it in place, keeping the state.</summary>
    public VrrpTrackFileOptions Options { get; set; }

    public long Value { get; private set; }

    public void Start() => _timer = _time.CreateTimer(static s => ((FileTracker)s!).Poll(), this, PollInterval, PollInterval);

    /// <summary>Reads the file now; true if the value changed.</summary>
    internal bool Poll()
    {
        bool changed;
        lock (_gate)
        {
            var value = Read();
            changed = value != Value;
            if (changed)
            {
                Log.ValueChanged(_logger, Name, Value, value);
                Value = value;
            }
        }
        if (changed) _changed();
        return changed;
    }

    private long Read()
    {
        try
        {
            return TrackFileValue.Parse(File.ReadAllText(Options.Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private void InitialiseFile()
    {
        if (Options.InitValue is not { } init || (File.Exists(Options.Path) && !Options.InitOverwrite)) return;
        try
        {
            File.WriteAllText(Options.Path, init.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.InitFailed(_logger, Name, Options.Path, ex.Message);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventIds.TrackFileChanged, LogLevel.Information, "Track file {Name} value changed from {Old} to {New}")]
        public static partial void ValueChanged(ILogger logger, string name, long old, long @new);

        [LoggerMessage(EventIds.TrackerFailed, LogLevel.Warning, "Track file {Name}: cannot initialise {Path}: {Error}")]
        public static partial void InitFailed(ILogger logger, string name, string path, string error);
    }
}

using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Scripts;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>
/// One vrrp_script: run every interval (after the previous run ends) with its timeout, folded
/// through rise/fall into OK or failed. Unknown (null) until the first result, unless init_fail.
/// </summary>
internal sealed partial class ScriptTracker : IAsyncDisposable
{
    private readonly ScriptRunner _runner;
    private readonly VrrpScriptingOptions _scripting;
    private readonly ILogger _logger;
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _rise, _fall;
    private int? _lastExit;

    public ScriptTracker(string name, VrrpScriptOptions options, VrrpScriptingOptions scripting, ScriptRunner runner, ILogger logger, Action changed)
    {
        Name = name;
        Options = options;
        _scripting = scripting;
        _runner = runner;
        _logger = logger;
        _changed = changed;
        if (options.InitFail) Ok = false;
    }

    public string Name { get; }

    /// <summary>The definition; a reload that changes only the weight swaps it in place, keeping the state.</summary>
    public VrrpScriptOptions Options { get; set; }

    /// <summary>true = OK, false = failed, null = no result yet.</summary>
    public bool? Ok { get; private set; }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Folds one run's result in; true if the OK/failed state changed.</summary>
    internal bool Record(ScriptResult result)
    {
        var code = result.ExitCode ?? -1;
        if (_lastExit != code)
        {
            _lastExit = code;
            Log.Returning(_logger, Name, result.TimedOut ? "timeout" : code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var success = result.Succeeded;
        var before = Ok;
        if (Ok is null)
        {
            // keepalived: the first result decides at once.
            Ok = success;
        }
        else if (success)
        {
            _fall = 0;
            if (Ok == false && ++_rise >= Options.Rise) Ok = true;
        }
        else
        {
            _rise = 0;
            if (Ok == true && ++_fall >= Options.Fall) Ok = false;
        }
        if (before == Ok) return false;
        _rise = _fall = 0;
        if (Ok == true) Log.Succeeded(_logger, Name);
        else Log.Failed(_logger, Name, result.ToString());
        return true;
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        var launch = ScriptLaunch.From(Options.Command, _scripting);
        var what = $"VRRP_Script({Name})";
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var result = await _runner.RunAsync(what, launch, Options.EffectiveTimeout, logSuccess: false, ct).ConfigureAwait(false);
                if (ct.IsCancellationRequested) return;
                if (Record(result)) _changed();
                await Task.Delay(Options.Interval, _runner.Time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A tracker's bug must not stop tracking: log it and try again next interval.
                Log.TrackerFailed(_logger, Name, ex);
                try
                {
                    await Task.Delay(Options.Interval, _runner.Time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ScriptReturning, LogLevel.Information, "Script `{Name}` now returning {Code}")]
        public static partial void Returning(ILogger logger, string name, string code);

        [LoggerMessage(EventIds.ScriptStateChanged, LogLevel.Information, "VRRP_Script({Name}) succeeded")]
        public static partial void Succeeded(ILogger logger, string name);

        [LoggerMessage(EventIds.ScriptFailedState, LogLevel.Warning, "VRRP_Script({Name}) failed ({Result})")]
        public static partial void Failed(ILogger logger, string name, string result);

        [LoggerMessage(EventIds.TrackerFailed, LogLevel.Error, "VRRP_Script({Name}) tracker error")]
        public static partial void TrackerFailed(ILogger logger, string name, Exception exception);
    }
}

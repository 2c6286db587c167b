using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Scripts;

/// <summary>
/// Runs one script to completion or to its timeout. On timeout (or cancellation) the script's
/// process group gets SIGTERM, and SIGKILL after <see cref="KillGrace"/> if it is still there.
/// Every ending is logged with its exit status. Never called on the VRRP thread.
/// </summary>
internal sealed partial class ScriptRunner(IScriptLauncher launcher, TimeProvider time, ILogger logger)
{
    /// <summary>How long a script may take to die after SIGTERM before its group gets SIGKILL.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    public TimeProvider Time => time;

    /// <summary>Runs <paramref name="launch"/>; <paramref name="what"/> names it in logs ("VRRP_Script(chk)", "(VI_1) notify_master").</summary>
    public async Task<ScriptResult> RunAsync(string what, ScriptLaunch launch, TimeSpan timeout, bool logSuccess, CancellationToken cancellationToken)
    {
        IScriptProcess process;
        try
        {
            process = launcher.Start(launch);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Log.StartFailed(logger, what, launch.Arguments.FirstOrDefault() ?? "", ex.Message);
            return ScriptResult.Failed(ex.Message);
        }

        using (process)
        {
            var exit = process.WaitForExitAsync(CancellationToken.None);
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var deadline = Task.Delay(timeout, time, stop.Token);
                var first = await Task.WhenAny(exit, deadline).ConfigureAwait(false);
                stop.Cancel();
                if (first == exit)
                {
                    var code = await exit.ConfigureAwait(false);
                    if (code != 0) Log.Exited(logger, LogLevel.Warning, what, code);
                    else if (logSuccess) Log.Exited(logger, LogLevel.Information, what, code);
                    return ScriptResult.Exited(code);
                }
            }

            Log.TimedOut(logger, what, timeout.TotalSeconds, process.Id);
            process.SignalGroup(ScriptSignals.SigTerm);
            using (var grace = new CancellationTokenSource())
            {
                var killAt = Task.Delay(KillGrace, time, grace.Token);
                if (await Task.WhenAny(exit, killAt).ConfigureAwait(false) != exit)
                    process.SignalGroup(ScriptSignals.SigKill);
                grace.Cancel();
            }
            try
            {
                var code = await exit.ConfigureAwait(false);
                Log.Killed(logger, what, code);
            }
            catch (InvalidOperationException)
            {
                // The process object lost track of the child; the group has been signalled regardless.
            }
            return ScriptResult.Timeout;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ScriptStartFailed, LogLevel.Error, "{What} could not start `{Program}`: {Error}")]
        public static partial void StartFailed(ILogger logger, string what, string program, string error);

        [LoggerMessage(EventId = EventIds.ScriptExited, Message = "{What} exited with status {Status}")]
        public static partial void Exited(ILogger logger, LogLevel level, string what, int status);

        [LoggerMessage(EventIds.ScriptTimedOut, LogLevel.Warning, "{What} timed out after {Seconds} s; killing process group {Pid}")]
        public static partial void TimedOut(ILogger logger, string what, double seconds, int pid);

        [LoggerMessage(EventIds.ScriptKilled, LogLevel.Warning, "{What} killed after its timeout (exit status {Status})")]
        public static partial void Killed(ILogger logger, string what, int status);
    }
}

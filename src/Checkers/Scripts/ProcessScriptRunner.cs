using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Scripts;

/// <summary>
/// Runs a program as the leader of a new session (via setsid(1), so its process group id is its pid) and, on
/// timeout, sends SIGTERM and then SIGKILL to the whole group: children a script forked die with it.
/// </summary>
internal sealed partial class ProcessScriptRunner(TimeProvider timeProvider, ILogger<ProcessScriptRunner> logger) : IScriptRunner
{
    /// <summary>Time between SIGTERM and SIGKILL of a timed-out group.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>How long we wait for the kernel to reap a killed process before giving up on it.</summary>
    private static readonly TimeSpan ReapLimit = TimeSpan.FromSeconds(5);

    private static readonly string SetSid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "setsid";
    private static readonly string SetPriv = File.Exists("/usr/bin/setpriv") ? "/usr/bin/setpriv" : "setpriv";

    public async Task<ScriptResult> RunAsync(ScriptInvocation invocation, CancellationToken cancellationToken)
    {
        // Starting a process forks: never on the caller's thread, which may be a checker engine thread (notify
        // scripts are queued from result handling).
        await Task.Yield();
        var start = timeProvider.GetTimestamp();
        var info = new ProcessStartInfo(SetSid)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (invocation.User is { } user)
        {
            info.ArgumentList.Add(SetPriv);
            info.ArgumentList.Add("--reuid=" + user);
            info.ArgumentList.Add("--regid=" + (invocation.Group ?? PrimaryGroup(user)));
            info.ArgumentList.Add("--init-groups");
            info.ArgumentList.Add("--");
        }
        foreach (var argument in invocation.Arguments) info.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("process did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ScriptResult(null, false, "cannot start: " + e.Message, timeProvider.GetElapsedTime(start));
        }

        using (process)
        {
            process.StandardInput.Close();
            // Drain output without waiting for its end: a forked child may hold the pipe open after the script exits.
            _ = DrainAsync(process.StandardOutput, invocation, "stdout");
            _ = DrainAsync(process.StandardError, invocation, "stderr");

            using var timeout = new CancellationTokenSource(invocation.Timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
                return new ScriptResult(process.ExitCode, false, null, timeProvider.GetElapsedTime(start));
            }
            catch (OperationCanceledException)
            {
                await KillGroupAsync(process).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                Log.ScriptTimedOut(logger, invocation.Arguments[0], invocation.Timeout.TotalSeconds, process.Id);
                return new ScriptResult(null, true, null, timeProvider.GetElapsedTime(start));
            }
        }
    }

    /// <summary>The user's primary gid from /etc/passwd (a user's name is not always a group's: nobody/nogroup).</summary>
    internal static string PrimaryGroup(string user)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 3 && fields[0] == user) return fields[3];
            }
        }
        catch (IOException)
        {
            // Fall through: let setpriv resolve the name.
        }
        return user;
    }

    private async Task KillGroupAsync(Process process)
    {
        var group = process.Id;
        ProcessGroupSignal.Send(group, ProcessGroupSignal.SigTerm);
        using (var grace = new CancellationTokenSource(KillGrace, timeProvider))
        {
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The leader ignored SIGTERM; SIGKILL below.
            }
        }
        // Always SIGKILL the group: the leader may have exited on SIGTERM while a child trapped it.
        ProcessGroupSignal.Send(group, ProcessGroupSignal.SigKill);
        using var reap = new CancellationTokenSource(ReapLimit, timeProvider);
        try
        {
            await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.ScriptNotReaped(logger, group);
        }
    }

    private async Task DrainAsync(StreamReader reader, ScriptInvocation invocation, string stream)
    {
        try
        {
            string? line;
            while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) is not null)
            {
                Log.ScriptOutput(logger, invocation.Arguments[0], stream, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScriptTimedOut, Level = LogLevel.Warning, Message = "Script {Program} timed out after {Seconds} s: killed process group {ProcessGroup}")]
        public static partial void ScriptTimedOut(ILogger logger, string program, double seconds, int processGroup);

        [LoggerMessage(EventId = EventIds.ScriptNotReaped, Level = LogLevel.Error, Message = "Process group {ProcessGroup} did not exit after SIGKILL")]
        public static partial void ScriptNotReaped(ILogger logger, int processGroup);

        [LoggerMessage(EventId = EventIds.ScriptOutput, Level = LogLevel.Debug, Message = "Script {Program} {Stream}: {Line}")]
        public static partial void ScriptOutput(ILogger logger, string program, string stream, string line);
    }
}

using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Scripts;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Runtime;

/// <summary>
/// Runs scripts of one owner (a real server's notify_up/notify_down, a service's quorum_up/quorum_down) one
/// after the other in the order they were queued, each bounded by its timeout; unlike keepalived's
/// fire-and-forget, a down notification can never overtake the up before it.
/// </summary>
internal sealed partial class ScriptQueue(IScriptRunner runner, ILogger logger)
{
    private readonly object _gate = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>Queues <paramref name="command"/>, run as <paramref name="user"/> (see <see cref="ScriptInvocation.As"/>).</summary>
    public Task Enqueue(EquatableList<string> command, ScriptUser? user, TimeSpan timeout, string what)
    {
        if (command.Count == 0) return Task.CompletedTask;
        lock (_gate)
        {
            _tail = RunAfterAsync(_tail, ScriptInvocation.As(command, timeout, user), what);
            return _tail;
        }
    }

    /// <summary>Completes when everything queued so far has run.</summary>
    public Task Idle
    {
        get { lock (_gate) return _tail; }
    }

    private async Task RunAfterAsync(Task previous, ScriptInvocation invocation, string what)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            var result = await runner.RunAsync(invocation, CancellationToken.None).ConfigureAwait(false);
            if (result.Error is not null || result.TimedOut || result.ExitCode != 0)
                Log.ScriptFailed(logger, what, invocation.Arguments[0], result.Error ?? (result.TimedOut ? "timed out" : $"exit status {result.ExitCode}"));
        }
        catch (Exception e)
        {
            Log.ScriptFailed(logger, what, invocation.Arguments[0], e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScriptFailed, Level = LogLevel.Warning, Message = "{What} script {Program} failed: {Reason}")]
        public static partial void ScriptFailed(ILogger logger, string what, string program, string reason);
    }
}

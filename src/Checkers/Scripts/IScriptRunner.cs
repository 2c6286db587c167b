namespace LvsDirector.Checkers.Scripts;

/// <summary>Runs external programs (MISC_CHECK, notify and quorum scripts). A seam so the logic above is testable without processes.</summary>
internal interface IScriptRunner
{
    /// <summary>Runs to completion or until the invocation's timeout, when the whole process group is killed. Never throws except on cancellation.</summary>
    Task<ScriptResult> RunAsync(ScriptInvocation invocation, CancellationToken cancellationToken);
}

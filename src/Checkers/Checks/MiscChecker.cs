using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Scripts;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// MISC_CHECK: runs the program in its own process group; exit 0 passes, anything else fails, except that with
/// misc_dynamic 2..255 pass and set the weight to code - 2. On misc_timeout the whole group is killed.
/// </summary>
internal sealed class MiscChecker(MiscCheckOptions options, TimeSpan timeout, IScriptRunner runner, ScriptUser? user = null) : IHealthCheck
{
    /// <summary>Largest weight misc_dynamic can set (exit 255).</summary>
    public const int MaxDynamicWeight = 253;

    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(ScriptInvocation.As(options.Command, timeout, user), cancellationToken).ConfigureAwait(false);
        return Interpret(result, options.Dynamic, options.Command[0]);
    }

    internal static CheckResult Interpret(ScriptResult result, bool dynamic, string program)
    {
        if (result.Error is { } error) return CheckResult.Fail($"MISC {program}: {error}", result.Elapsed);
        if (result.TimedOut) return CheckResult.Fail($"MISC {program}: timed out after {result.Elapsed.TotalSeconds:0.###} s, process group killed", result.Elapsed);
        return result.ExitCode switch
        {
            0 => CheckResult.Pass(result.Elapsed, "exit 0"),
            >= 2 and <= 255 when dynamic => new CheckResult(true, $"exit {result.ExitCode}", result.Elapsed, DynamicWeight: result.ExitCode.Value - 2),
            var code => CheckResult.Fail($"MISC {program}: exit status {code}", result.Elapsed),
        };
    }
}

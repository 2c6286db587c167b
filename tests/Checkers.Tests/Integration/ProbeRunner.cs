using System.Net;
using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Scheduling;
using LvsDirector.Checkers.Scripts;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>Runs one real probe the way the service does: resolved options, real probe, scheduler loop with its total deadline.</summary>
internal static class ProbeRunner
{
    /// <summary>
    /// A total deadline far above a test's step timeout, for tests that assert the step's own reason ("… timeout"):
    /// with the default deadline (the step timeout plus 1 s) a busy CI host once delayed the step's timer past the
    /// deadline's, and the probe failed with "deadline of 2 s exceeded" instead.
    /// </summary>
    public static readonly TimeSpan GenerousDeadline = TimeSpan.FromSeconds(15);

    public static async Task<CheckResult> ProbeOnceAsync(CheckOptions check, IPAddress? address = null, int port = 0)
    {
        var rs = new RealServerOptions { Address = address ?? IPAddress.Loopback, Port = port, Checks = [check] };
        var service = new CheckedServiceOptions { Name = "it", RealServers = [rs] };
        var errors = CheckerOptionsValidator.Validate(new CheckerOptions { Services = [service] });
        Assert.Empty(errors);
        var resolved = ResolvedCheck.Resolve(check, rs, service, new CheckerOptions());
        var factory = new HealthCheckFactory(TimeProvider.System, new ProcessScriptRunner(TimeProvider.System, NullLogger<ProcessScriptRunner>.Instance));
        var done = new TaskCompletionSource<CheckResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scheduler = new CheckScheduler(TimeProvider.System, Random.Shared, NullLogger.Instance);
        using var scheduled = scheduler.Schedule(factory.Create(resolved), TimeSpan.Zero, () => resolved.Deadline, r =>
        {
            done.TrySetResult(r);
            return Timeout.InfiniteTimeSpan;
        }, "integration", startInline: resolved.Kind is not (CheckKind.Misc or CheckKind.File));
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static void AssertFails(CheckResult result, string reasonPart)
    {
        Assert.False(result.Success, "expected a failure, got success: " + result.Reason);
        Assert.Contains(reasonPart, result.Reason, StringComparison.OrdinalIgnoreCase);
    }
}

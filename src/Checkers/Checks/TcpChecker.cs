using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Checks;

/// <summary>TCP_CHECK: the check passes when a TCP connection is established within connect_timeout.</summary>
internal sealed class TcpChecker(CheckEndpoint endpoint, TimeSpan connectTimeout, TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>One (pooled) async method per probe: the connect, with this check's verdict as its completion.</summary>
    public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken) =>
        CheckSockets.ConnectAsync<CheckResult, Verdict>(endpoint, connectTimeout, timeProvider,
            new Verdict(endpoint, timeProvider, EngineClock.GetTimestamp(timeProvider)), cancellationToken);

    private readonly struct Verdict(CheckEndpoint endpoint, TimeProvider timeProvider, long start) : IProbeCompletion<CheckConnection, CheckResult>
    {
        public CheckResult Completed(CheckConnection connection)
        {
            connection.Dispose();
            return CheckResult.Pass(EngineClock.GetElapsedTime(timeProvider, start), "connected");
        }

        public bool TryFail(Exception error, out CheckResult result)
        {
            // A cancellation (the deadline, a stop) goes to the scheduler.
            if (error is OperationCanceledException)
            {
                result = null!;
                return false;
            }
            result = CheckResult.Fail($"TCP connection to {endpoint} failed: {CheckSockets.Describe(error)}",
                EngineClock.GetElapsedTime(timeProvider, start));
            return true;
        }
    }
}

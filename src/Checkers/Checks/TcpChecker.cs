using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// TCP_CHECK: the check passes when a TCP connection is established within connect_timeout. The connection is then
/// reset, and its socket kept for the next probe (<see cref="IdleConnectionSlot"/>).
/// </summary>
internal sealed class TcpChecker(CheckEndpoint endpoint, TimeSpan connectTimeout, TimeProvider timeProvider) : IHealthCheck, IDisposable
{
    private readonly IdleConnectionSlot _idle = new();

    /// <summary>One (pooled) async method per probe: the connect, with this check's verdict as its completion.</summary>
    public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken) =>
        CheckSockets.ConnectAsync<CheckResult, Verdict>(endpoint, connectTimeout, timeProvider,
            new Verdict(endpoint, timeProvider, EngineClock.GetTimestamp(timeProvider), _idle), cancellationToken, reuse: _idle);

    /// <summary>Closes the socket kept between probes.</summary>
    public void Dispose() => _idle.Dispose();

    private readonly struct Verdict(CheckEndpoint endpoint, TimeProvider timeProvider, long start, IdleConnectionSlot idle) : IProbeCompletion<CheckConnection, CheckResult>
    {
        public CheckResult Completed(CheckConnection connection)
        {
            idle.Return(connection);
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

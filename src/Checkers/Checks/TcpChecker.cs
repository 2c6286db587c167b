using System.Runtime.CompilerServices;
using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Checks;

/// <summary>TCP_CHECK: the check passes when a TCP connection is established within connect_timeout.</summary>
internal sealed class TcpChecker(CheckEndpoint endpoint, TimeSpan connectTimeout, TimeProvider timeProvider) : IHealthCheck
{
    // Pooled: the engine thread reuses the state machine from one probe to the next.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var start = EngineClock.GetTimestamp(timeProvider);
        try
        {
            using var connection = await CheckSockets.ConnectAsync(endpoint, connectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            return CheckResult.Pass(EngineClock.GetElapsedTime(timeProvider, start), "connected");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CheckResult.Fail($"TCP connection to {endpoint} failed: {CheckSockets.Describe(e)}", EngineClock.GetElapsedTime(timeProvider, start));
        }
    }
}

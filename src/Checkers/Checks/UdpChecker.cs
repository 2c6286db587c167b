using System.Net.Sockets;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// UDP_CHECK: sends the payload. With require_reply a reply of the right length (and prefix) must come back
/// within connect_timeout; without it only an ICMP error (port unreachable) fails the check.
/// </summary>
internal sealed class UdpChecker(CheckEndpoint endpoint, UdpCheckOptions options, TimeSpan connectTimeout, TimeProvider timeProvider) : IHealthCheck
{
    private const int RandomPayloadLength = 16;

    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var start = timeProvider.GetTimestamp();
        var payload = options.Payload.Count > 0 ? options.Payload.ToArray() : RandomPayload();
        try
        {
            using var socket = CheckSockets.Create(endpoint, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(endpoint.Target, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[CheckerOptionsValidator.MaxUdpPayload];
            int received;
            try
            {
                received = await CheckSockets.WithTimeoutAsync(ct => socket.ReceiveAsync(buffer.AsMemory(), ct).AsTask(), "reply",
                    connectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!options.RequireReply)
            {
                return CheckResult.Pass(timeProvider.GetElapsedTime(start), "no ICMP error");
            }
            var failure = Evaluate(buffer.AsSpan(0, received), options);
            return failure is null
                ? CheckResult.Pass(timeProvider.GetElapsedTime(start))
                : CheckResult.Fail($"UDP {endpoint}: {failure}", timeProvider.GetElapsedTime(start));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return CheckResult.Fail($"UDP {endpoint}: port unreachable", timeProvider.GetElapsedTime(start));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CheckResult.Fail($"UDP {endpoint}: {CheckSockets.Describe(e)}", timeProvider.GetElapsedTime(start));
        }
    }

    internal static string? Evaluate(ReadOnlySpan<byte> reply, UdpCheckOptions options)
    {
        if (!options.RequireReply) return null;
        if (reply.Length < options.MinReplyLength) return $"reply of {reply.Length} bytes shorter than {options.MinReplyLength}";
        if (reply.Length > options.MaxReplyLength) return $"reply of {reply.Length} bytes longer than {options.MaxReplyLength}";
        if (options.ReplyPattern is { } pattern && !pattern.Matches(reply)) return "reply does not match require_reply";
        return null;
    }

    private static byte[] RandomPayload()
    {
        var bytes = new byte[RandomPayloadLength];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}

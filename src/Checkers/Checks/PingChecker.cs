using System.Net;
using System.Net.Sockets;
using LvsDirector.Checkers.Codecs;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// PING_CHECK: one ICMP / ICMPv6 echo, answered within connect_timeout. Uses an unprivileged datagram ICMP
/// socket when net.ipv4.ping_group_range allows it, else a raw socket (root).
/// </summary>
internal sealed class PingChecker(CheckEndpoint endpoint, TimeSpan connectTimeout, TimeProvider timeProvider) : IHealthCheck
{
    private const int PayloadLength = 16;
    private const int ReceiveBuffer = 1500;

    // Once a datagram ICMP socket is refused (ping_group_range), go straight to raw sockets.
    private static volatile bool s_datagramRefused;
    private static int s_sequence;

    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var start = timeProvider.GetTimestamp();
        var ipv6 = endpoint.Target.AddressFamily == AddressFamily.InterNetworkV6;
        try
        {
            using var socket = Open(ipv6, out var raw);
            CheckSockets.Configure(socket, endpoint with { BindPort = null });
            var identifier = (ushort)Random.Shared.Next(0, 65536);
            var sequence = (ushort)Interlocked.Increment(ref s_sequence);
            var payload = new byte[PayloadLength];
            Random.Shared.NextBytes(payload);
            var request = new byte[IcmpEchoCodec.HeaderLength + PayloadLength];
            IcmpEchoCodec.WriteEchoRequest(ipv6, identifier, sequence, payload, request);
            var target = new IPEndPoint(endpoint.Target.Address, 0);
            await socket.SendToAsync(request, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);

            var matched = await CheckSockets.WithTimeoutAsync(
                ct => WaitForReplyAsync(socket, raw, ipv6, identifier, sequence, ct), "echo reply", connectTimeout, timeProvider, cancellationToken)
                .ConfigureAwait(false);
            return matched
                ? CheckResult.Pass(timeProvider.GetElapsedTime(start), "echo reply")
                : CheckResult.Fail($"PING {endpoint.Target.Address}: no echo reply", timeProvider.GetElapsedTime(start));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CheckResult.Fail($"PING {endpoint.Target.Address}: {CheckSockets.Describe(e)}", timeProvider.GetElapsedTime(start));
        }
    }

    private async Task<bool> WaitForReplyAsync(Socket socket, bool raw, bool ipv6, ushort identifier, ushort sequence, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBuffer];
        EndPoint any = new IPEndPoint(ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<byte> packet = buffer.AsSpan(0, result.ReceivedBytes);
            if (raw && !ipv6 && !IcmpEchoCodec.TryStripIPv4Header(packet, out packet)) continue;
            if (!IcmpEchoCodec.TryReadEchoReply(packet, ipv6, out var reply)) continue;
            if (reply.Sequence != sequence) continue;
            // A datagram ICMP socket gets only its own replies, with the identifier rewritten by the kernel;
            // a raw socket sees everyone's, so it checks the identifier and the source too.
            if (raw && (reply.Identifier != identifier || !((IPEndPoint)result.RemoteEndPoint).Address.Equals(endpoint.Target.Address))) continue;
            return true;
        }
    }

    private static Socket Open(bool ipv6, out bool raw)
    {
        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var protocol = ipv6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        if (!s_datagramRefused)
        {
            try
            {
                raw = false;
                return new Socket(family, SocketType.Dgram, protocol);
            }
            catch (SocketException)
            {
                s_datagramRefused = true;
            }
        }
        raw = true;
        return new Socket(family, SocketType.Raw, protocol);
    }
}

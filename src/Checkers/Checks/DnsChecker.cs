using System.Net.Sockets;
using LvsDirector.Checkers.Codecs;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Checks;

/// <summary>DNS_CHECK: one UDP query; the reply must carry our id, answer our question with NOERROR and hold at least one answer.</summary>
internal sealed class DnsChecker(CheckEndpoint endpoint, DnsQueryType type, string name, TimeSpan connectTimeout, TimeProvider timeProvider) : IHealthCheck
{
    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var start = timeProvider.GetTimestamp();
        var id = (ushort)Random.Shared.Next(0, 65536);
        var query = new byte[DnsMessageCodec.MaxUdpMessageLength];
        if (!DnsMessageCodec.TryWriteQuery(id, name, type, query, out var length))
            return CheckResult.Fail($"DNS {endpoint}: cannot encode query for '{name}'", timeProvider.GetElapsedTime(start));
        try
        {
            using var socket = CheckSockets.Create(endpoint, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(endpoint.Target, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(query.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            var reply = new byte[DnsMessageCodec.MaxUdpMessageLength];
            var received = await CheckSockets.WithTimeoutAsync(ct => socket.ReceiveAsync(reply.AsMemory(), ct).AsTask(), "reply",
                connectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            var failure = Evaluate(reply.AsSpan(0, received), id, name, type);
            return failure is null
                ? CheckResult.Pass(timeProvider.GetElapsedTime(start))
                : CheckResult.Fail($"DNS {endpoint} {type} {name}: {failure}", timeProvider.GetElapsedTime(start));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CheckResult.Fail($"DNS {endpoint}: {CheckSockets.Describe(e)}", timeProvider.GetElapsedTime(start));
        }
    }

    /// <summary>Null when the reply answers the query, else why not. Never throws.</summary>
    internal static string? Evaluate(ReadOnlySpan<byte> reply, ushort id, string name, DnsQueryType type)
    {
        if (!DnsMessageCodec.TryReadResponse(reply, out var response)) return "malformed reply";
        if (response.Id != id) return $"reply id {response.Id} does not match query id {id}";
        if (!response.IsResponse) return "not a response";
        if (response.ResponseCode != 0) return $"error response (RCODE {response.ResponseCode})";
        if (response.QuestionCount != 1 || response.QuestionName != DnsMessageCodec.Canonical(name) || response.QuestionType != (ushort)type)
            return "reply does not echo the question";
        if (response.AnswerCount == 0) return "no answer";
        return null;
    }
}

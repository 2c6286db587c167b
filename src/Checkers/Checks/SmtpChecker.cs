using System.Text;
using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Checks;

/// <summary>SMTP_CHECK: greeting 220, <c>HELO name</c> → 250, <c>QUIT</c> → 221 (RFC 5321 §4.1.1, §4.2), for every host in turn.</summary>
internal sealed class SmtpChecker(IReadOnlyList<SmtpChecker.Host> hosts, string heloName, TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>Longest reply (all lines of a multi-line reply) accepted.</summary>
    public const int MaxReplyLength = 4096;

    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var start = EngineClock.GetTimestamp(timeProvider);
        foreach (var (endpoint, connectTimeout) in hosts)
        {
            var failure = await ProbeHostAsync(endpoint, connectTimeout, cancellationToken).ConfigureAwait(false);
            if (failure is not null) return CheckResult.Fail($"SMTP {endpoint}: {failure}", EngineClock.GetElapsedTime(timeProvider, start));
        }
        return CheckResult.Pass(EngineClock.GetElapsedTime(timeProvider, start));
    }

    /// <summary>One server to check in turn: where, and the timeout of each step (its connect_timeout).</summary>
    internal readonly record struct Host(CheckEndpoint Endpoint, TimeSpan ConnectTimeout);

    private async Task<string?> ProbeHostAsync(CheckEndpoint endpoint, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await CheckSockets.ConnectAsync(endpoint, connectTimeout, timeProvider, cancellationToken, noDelay: true).ConfigureAwait(false);
            var stream = connection.Stream;
            var reader = new SmtpReplyReader(stream);
            var greeting = await ReadAsync(reader, "greeting", connectTimeout, cancellationToken).ConfigureAwait(false);
            if (greeting.Code != 220) return $"bad greeting: {greeting.Text}";
            await WriteAsync(stream, $"HELO {heloName}\r\n", connectTimeout, cancellationToken).ConfigureAwait(false);
            var helo = await ReadAsync(reader, "HELO reply", connectTimeout, cancellationToken).ConfigureAwait(false);
            if (helo.Code != 250) return $"bad HELO reply: {helo.Text}";
            await WriteAsync(stream, "QUIT\r\n", connectTimeout, cancellationToken).ConfigureAwait(false);
            var quit = await ReadAsync(reader, "QUIT reply", connectTimeout, cancellationToken).ConfigureAwait(false);
            if (quit.Code != 221) return $"bad QUIT reply: {quit.Text}";
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CheckSockets.Describe(e);
        }
    }

    private Task<SmtpReply> ReadAsync(SmtpReplyReader reader, string what, TimeSpan connectTimeout, CancellationToken cancellationToken) =>
        CheckSockets.WithTimeoutAsync(reader.ReadAsync, what, connectTimeout, timeProvider, cancellationToken);

    private Task<bool> WriteAsync(Stream stream, string line, TimeSpan connectTimeout, CancellationToken cancellationToken) =>
        CheckSockets.WithTimeoutAsync(async ct => { await stream.WriteAsync(Encoding.ASCII.GetBytes(line), ct).ConfigureAwait(false); return true; },
            "write", connectTimeout, timeProvider, cancellationToken);

    internal readonly record struct SmtpReply(int Code, string Text);

    /// <summary>Reads RFC 5321 §4.2 replies: <c>NNN-text</c> lines continue, <c>NNN text</c> ends.</summary>
    internal sealed class SmtpReplyReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[MaxReplyLength];
        private int _count;

        public async Task<SmtpReply> ReadAsync(CancellationToken cancellationToken)
        {
            var lineStart = 0;
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', lineStart, _count - lineStart);
                if (newline < 0)
                {
                    if (_count == _buffer.Length) throw new IOException("SMTP reply too long");
                    var read = await stream.ReadAsync(_buffer.AsMemory(_count), cancellationToken).ConfigureAwait(false);
                    if (read == 0) throw new IOException("connection closed by server");
                    _count += read;
                    continue;
                }
                var line = Encoding.Latin1.GetString(_buffer, lineStart, newline - lineStart).TrimEnd('\r');
                lineStart = newline + 1;
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code)) throw new IOException($"malformed SMTP reply '{line}'");
                if (line.Length > 3 && line[3] == '-') continue;
                Buffer.BlockCopy(_buffer, lineStart, _buffer, 0, _count - lineStart);
                _count -= lineStart;
                return new SmtpReply(code, line);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LvsDirector.Checkers.Codecs;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Sockets;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// Sends one GET over a raw socket (optionally TLS) and reads the response to its end. Not HttpClient: the
/// request line, version and headers are exactly keepalived's, and every step is timed by the injected
/// TimeProvider (connect_timeout per step; the caller's token carries the total deadline).
/// </summary>
internal sealed class HttpFetcher(TimeProvider timeProvider)
{
    /// <summary>Largest response (head and body) read; a bigger one fails the check.</summary>
    public const int MaxResponseBytes = 8 * 1024 * 1024;

    private const int ReadChunk = 16 * 1024;

    /// <param name="requestBytes">The request as <see cref="BuildRequest"/> encodes it, when the caller keeps it across probes.</param>
    public ValueTask<HttpFetchResponse> FetchAsync(HttpFetchRequest request, CancellationToken cancellationToken, byte[]? requestBytes = null) =>
        RunsOnEngine(request)
            ? FetchOnEngineAsync<HttpFetchResponse, AsIs<HttpFetchResponse>>(request, requestBytes ?? Encoding.ASCII.GetBytes(BuildRequest(request)), default, cancellationToken)
            : FetchThroughStreamAsync(request, cancellationToken, requestBytes);

    /// <summary>Whether <paramref name="request"/> can be fetched by <see cref="FetchOnEngineAsync{TResult, TCompletion}"/>: plain HTTP with <see cref="TimeProvider.System"/>.</summary>
    public bool RunsOnEngine(HttpFetchRequest request) => !request.Tls && timeProvider == TimeProvider.System;

    /// <summary>
    /// Plain HTTP in production (<see cref="RunsOnEngine"/>): connect, write and reads in one (pooled) async method that
    /// waits on the socket's engine itself, timed by its heap, and ends with <paramref name="completion"/>'s result for
    /// the response or the error (HTTP_GET's verdict: a one-URL probe is this one method). The same steps, timeouts and
    /// messages as <see cref="FetchThroughStreamAsync"/>, without its layers (connect, stream, timed read, read after a
    /// wait): a probe that waits for its connect and for the response suspends and resumes one method instead of four.
    /// Its connect step is <see cref="CheckSockets.ConnectAsync"/>'s and its read step is <see cref="StepTimeout.ReadAsync"/>
    /// with <see cref="ReadinessStream.ReadAfterWaitAsync"/>, written out: a change to their timing or messages belongs here too.
    /// With <paramref name="reuse"/>, the check's kept socket is connected when there is one, and the socket of a response
    /// read to its end is kept for the next probe (<see cref="IdleConnectionSlot"/>); any other ending closes it.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> FetchOnEngineAsync<TResult, TCompletion>(HttpFetchRequest request, byte[] requestBytes, TCompletion completion,
        CancellationToken cancellationToken, IdleConnectionSlot? reuse = null)
        where TCompletion : struct, IProbeCompletion<HttpFetchResponse, TResult>
    {
        HttpFetchResponse fetched;
        TResult failed = default!;
        CheckConnection? connection = null;
        var completed = false;
        try
        {
            connection = CheckSockets.Open(request.Endpoint, reuse: reuse);
            var readiness = connection.Readiness;
            var stream = connection.Stream;
            // Engine-timed (TimeProvider.System, an engine socket): no timer, nothing allocated.
            using var steps = new StepTimeout(request.ConnectTimeout, timeProvider, cancellationToken, readiness);
            steps.Begin();
            try
            {
                if (!connection.StartConnect(request.Endpoint.Target))
                {
                    await readiness.WaitAsync(Libc.EPOLLOUT, cancellationToken).ConfigureAwait(false);
                    connection.EndConnect();
                }
            }
            catch (Exception) when (steps.Overran)
            {
                throw steps.Overrun("connect");
            }
            finally
            {
                steps.End();
            }

            await steps.WriteAsync(stream, requestBytes).ConfigureAwait(false);

            var response = ResponseBuffer.Rent();
            try
            {
                while (true)
                {
                    var space = response.Space();
                    if (!stream.TryRead(space.Span, out var read))
                    {
                        // Nothing there yet: wait for data, then read; the wait is the step the timeout covers.
                        steps.Begin();
                        try
                        {
                            do
                            {
                                await readiness.WaitAsync(Libc.EPOLLIN, cancellationToken).ConfigureAwait(false);
                            }
                            while (!stream.TryRead(space.Span, out read));
                        }
                        catch (Exception) when (steps.Overran)
                        {
                            throw steps.Overrun("read");
                        }
                        finally
                        {
                            steps.End();
                        }
                    }
                    if (response.Received(read)) break;
                }
                fetched = response.ToResponse(request.KeepContent, certificate: null);
                completed = true;
            }
            finally
            {
                response.Return();
            }
        }
        catch (Exception e) when (completion.TryFail(e, out failed))
        {
            return failed;
        }
        finally
        {
            if (completed && reuse is not null) reuse.Return(connection!);
            else connection?.Dispose();
        }
        return completion.Completed(fetched);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpFetchResponse> FetchThroughStreamAsync(HttpFetchRequest request, CancellationToken cancellationToken, byte[]? requestBytes)
    {
        using var connection = await CheckSockets.ConnectAsync(request.Endpoint, request.ConnectTimeout, timeProvider, cancellationToken, noDelay: request.Tls).ConfigureAwait(false);
        using var steps = new StepTimeout(request.ConnectTimeout, timeProvider, cancellationToken, connection.Readiness);
        Stream stream = connection.Stream;
        X509Certificate2? certificate = null;
        try
        {
            if (request.Tls)
            {
                var (ssl, cert) = await AuthenticateAsync(stream, request, steps).ConfigureAwait(false);
                stream = ssl;
                certificate = cert;
            }

            var bytes = requestBytes ?? Encoding.ASCII.GetBytes(BuildRequest(request));
            await steps.WriteAsync(stream, bytes).ConfigureAwait(false);

            var response = await ReadResponseAsync(stream, steps, request.KeepContent, certificate).ConfigureAwait(false);

            if (request.Tls && request.TlsCompliant && stream is SslStream sslStream)
            {
                // tls_compliant: send close_notify instead of a quiet shutdown.
                await steps.RunAsync(async ct => { await sslStream.ShutdownAsync().WaitAsync(ct).ConfigureAwait(false); return true; }, "TLS shutdown")
                    .ConfigureAwait(false);
            }
            return response;
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The request exactly as sent; keepalived's shape (User-Agent KeepAliveClient, Host with a non-default port).</summary>
    public static string BuildRequest(HttpFetchRequest request)
    {
        var version = request.Protocol == HttpProtocolVersion.Http11 ? "HTTP/1.1" : "HTTP/1.0";
        var target = request.Endpoint.Target;
        var host = request.VirtualHost ?? (target.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString());
        var defaultPort = request.Tls ? 443 : 80;
        if (target.Port != defaultPort) host += ":" + target.Port;
        var builder = new StringBuilder();
        builder.Append("GET ").Append(request.Path).Append(' ').Append(version).Append("\r\n");
        builder.Append("User-Agent: KeepAliveClient\r\n");
        builder.Append("Host: ").Append(host).Append("\r\n");
        if (request.Protocol != HttpProtocolVersion.Http10) builder.Append("Connection: close\r\n");
        builder.Append("\r\n");
        return builder.ToString();
    }

    private async Task<(SslStream, X509Certificate2?)> AuthenticateAsync(Stream inner, HttpFetchRequest request, StepTimeout steps)
    {
        string? verifyError = null;
        X509Certificate2Collection? roots = null;
        if (request.VerifyCertificate && request.CaFile is { } caFile)
        {
            roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new HttpFetchException($"cannot read ca_file {caFile}: {e.Message}");
            }
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = request.SniName ?? "",
            // keepalived's global SSL block: the one client certificate, whatever issuers the server lists.
            ClientCertificates = request.ClientCertificate is { } client ? [client] : null,
            LocalCertificateSelectionCallback = request.ClientCertificate is { } selected ? (_, _, _, _, _) => selected : null,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (!request.VerifyCertificate) return true; // keepalived's SSL_GET never verifies
                verifyError = Verify(certificate, chain, errors, roots, checkName: request.SniName is not null);
                return verifyError is null;
            },
        };
        try
        {
            await steps.RunAsync(async ct => { await ssl.AuthenticateAsClientAsync(options, ct).ConfigureAwait(false); return true; }, "TLS handshake")
                .ConfigureAwait(false);
        }
        catch (AuthenticationException) when (verifyError is not null)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new HttpFetchException("certificate verification failed: " + verifyError);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var remote = ssl.RemoteCertificate is null ? null : new X509Certificate2(ssl.RemoteCertificate);
        return (ssl, remote);
    }

    private string? Verify(X509Certificate? certificate, X509Chain? systemChain, SslPolicyErrors errors, X509Certificate2Collection? roots, bool checkName)
    {
        if (certificate is null) return "no server certificate";
        if (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return "certificate name does not match";
        if (roots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0
                ? null
                : "untrusted chain: " + string.Join(", ", systemChain?.ChainStatus.Select(s => s.StatusInformation.Trim()) ?? []);
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = timeProvider.GetUtcNow().UtcDateTime;
        if (systemChain is not null)
        {
            foreach (var element in systemChain.ChainElements.Skip(1)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf) ? null : "untrusted chain: " + string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<HttpFetchResponse> ReadResponseAsync(Stream stream, StepTimeout steps, bool keepContent, X509Certificate2? certificate)
    {
        var response = ResponseBuffer.Rent();
        try
        {
            while (true)
            {
                var read = await steps.ReadAsync(stream, response.Space()).ConfigureAwait(false);
                if (response.Received(read)) break;
            }
            return response.ToResponse(keepContent, certificate);
        }
        finally
        {
            response.Return();
        }
    }

    /// <summary>One response's bytes as they arrive, in a pooled buffer (a fresh 16 KB one per check was most of what the process allocated at 10,000 checks/s).</summary>
    private struct ResponseBuffer
    {
        private byte[] _buffer;
        private int _count;
        private HttpResponseHead? _head;
        private int _headLength;

        public static ResponseBuffer Rent() => new() { _buffer = ArrayPool<byte>.Shared.Rent(ReadChunk) };

        /// <summary>Room for the next read, at least <see cref="ReadChunk"/> bytes (the buffer grows when needed).</summary>
        public Memory<byte> Space()
        {
            if (_buffer.Length - _count < ReadChunk) _buffer = Grow(_buffer, _count);
            return _buffer.AsMemory(_count);
        }

        /// <summary>
        /// Takes <paramref name="read"/> more bytes (just read into <see cref="Space"/>) into account: true once the response is
        /// complete or the server has closed (0 bytes). Throws for a response too large or a malformed head.
        /// </summary>
        public bool Received(int read)
        {
            if (read == 0) return true;
            _count += read;
            if (_count > MaxResponseBytes) throw new HttpFetchException($"response larger than {MaxResponseBytes} bytes");
            if (_head is null)
            {
                var status = HttpResponseCodec.TryReadHead(_buffer.AsSpan(0, _count), out _head, out _headLength);
                if (status == HttpParseStatus.Invalid) throw new HttpFetchException("malformed HTTP response head");
                if (status == HttpParseStatus.NeedMoreData) return false;
            }
            return IsComplete(_head!, _buffer.AsSpan(_headLength, _count - _headLength));
        }

        public readonly HttpFetchResponse ToResponse(bool keepContent, X509Certificate2? certificate) =>
            Parse(_buffer.AsSpan(0, _count), _head, _headLength, keepContent, certificate);

        public readonly void Return() => ArrayPool<byte>.Shared.Return(_buffer);
    }

    private static byte[] Grow(byte[] buffer, int count)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>
    /// The response from everything received (<paramref name="head"/> null: the head was not complete when the server closed).
    /// Without <paramref name="keepContent"/> the body and raw head are checked as ever but not copied out (a status-only check).
    /// </summary>
    private static HttpFetchResponse Parse(ReadOnlySpan<byte> received, HttpResponseHead? head, int headLength, bool keepContent, X509Certificate2? certificate)
    {
        if (head is null)
        {
            if (received.Length == 0) throw new HttpFetchException("connection closed without a response");
            var status = HttpResponseCodec.TryReadHead(received, out head, out headLength);
            if (status != HttpParseStatus.Complete)
            {
                // A head without the blank line, closed by the server: accept it with an empty body.
                var text = received.ToArray().Concat("\r\n\r\n"u8.ToArray()).ToArray();
                if (HttpResponseCodec.TryReadHead(text, out head, out _) != HttpParseStatus.Complete || head is null)
                    throw new HttpFetchException("malformed HTTP response head");
                headLength = received.Length;
            }
        }

        var bodyBytes = received[headLength..];
        byte[] body;
        if (head!.IsChunked)
        {
            var decoded = new ArrayBufferWriter<byte>();
            if (HttpResponseCodec.TryDecodeChunked(bodyBytes, decoded) != HttpParseStatus.Complete)
                throw new HttpFetchException("incomplete or malformed chunked body");
            body = keepContent ? decoded.WrittenSpan.ToArray() : [];
        }
        else if (head.ContentLength is { } length)
        {
            if (bodyBytes.Length < length) throw new HttpFetchException($"body shorter than Content-Length ({bodyBytes.Length} < {length})");
            body = keepContent ? bodyBytes[..(int)length].ToArray() : [];
        }
        else
        {
            body = keepContent ? bodyBytes.ToArray() : [];
        }
        var rawHead = keepContent ? Encoding.Latin1.GetString(received[..headLength]) : "";
        return new HttpFetchResponse(head, rawHead, body, certificate);
    }

    private static bool IsComplete(HttpResponseHead head, ReadOnlySpan<byte> body)
    {
        if (head.StatusCode is 204 or 304 || head.StatusCode < 200) return true;
        if (head.ContentLength is { } length) return body.Length >= length;
        if (head.IsChunked) return HttpResponseCodec.TryDecodeChunked(body, new ArrayBufferWriter<byte>()) == HttpParseStatus.Complete;
        return false; // read to EOF
    }
}

using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Sockets;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// HTTP_GET / SSL_GET: every URL is fetched back to back; each must answer an accepted status, and match its
/// digest and regex when set.
/// </summary>
internal sealed class HttpGetChecker : IHealthCheck, IDisposable
{
    /// <summary>Regex evaluation limit per body.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly StatusCodeRange DefaultStatus = new(200, 299);

    private readonly HttpGetCheckOptions _options;
    private readonly CheckEndpoint _endpoint;
    private readonly string? _virtualHost;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly HttpFetcher _fetcher;
    private readonly Regex?[] _regexes;
    private X509Certificate2? _clientCertificate;
    // Per URL, built on the first probe (after the client certificate is loaded) and kept: the request never changes.
    private readonly (HttpFetchRequest Request, byte[] Bytes)?[] _requests;
    // The socket kept between probes on the engine path (one plain URL); see IdleConnectionSlot.
    private readonly IdleConnectionSlot _idle = new();

    public HttpGetChecker(HttpGetCheckOptions options, CheckEndpoint endpoint, string? virtualHost, TimeSpan connectTimeout, TimeProvider timeProvider)
    {
        _options = options;
        _endpoint = endpoint;
        _virtualHost = virtualHost;
        _connectTimeout = connectTimeout;
        _timeProvider = timeProvider;
        _fetcher = new HttpFetcher(timeProvider);
        _requests = new (HttpFetchRequest, byte[])?[options.Urls.Count];
        _regexes = options.Urls.Select(u => u.Regex is null ? null : new Regex(u.Regex, u.RegexOptions | RegexOptions.CultureInvariant, RegexTimeout)).ToArray();
    }

    /// <summary>
    /// Every URL in turn. A plain one-URL check in production (the common one) is a single async method, the fetcher's
    /// engine path with this check's verdict as its completion: one state machine suspended and resumed per probe.
    /// </summary>
    public ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_options.Urls.Count == 1 && !_options.Tls)
        {
            var start = EngineClock.GetTimestamp(_timeProvider);
            var (request, bytes) = Request(0);
            if (_fetcher.RunsOnEngine(request))
                return _fetcher.FetchOnEngineAsync<CheckResult, SingleUrlVerdict>(request, bytes, new SingleUrlVerdict(this, start), cancellationToken, _idle);
        }
        return ProbeEachUrlAsync(cancellationToken);
    }

    /// <summary>Closes the socket kept between probes.</summary>
    public void Dispose() => _idle.Dispose();

    // Pooled: the engine thread reuses the state machine from one probe to the next.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<CheckResult> ProbeEachUrlAsync(CancellationToken cancellationToken)
    {
        var start = EngineClock.GetTimestamp(_timeProvider);
        string? warning = null;
        if (_options.Tls && _options.ClientCertificateFile is { } certificateFile && _clientCertificate is null)
        {
            // Loaded on the first probe and kept; a file that cannot be read fails this probe and is retried on the next.
            try
            {
                _clientCertificate = ClientCertificateLoader.Load(certificateFile, _options.ClientKeyFile, _options.ClientKeyPassword);
            }
            catch (HttpFetchException e)
            {
                return CheckResult.Fail($"{Scheme} {_endpoint}: {e.Message}", EngineClock.GetElapsedTime(_timeProvider, start));
            }
        }
        for (var i = 0; i < _options.Urls.Count; i++)
        {
            var (request, bytes) = Request(i);
            HttpFetchResponse response;
            try
            {
                response = await _fetcher.FetchAsync(request, cancellationToken, bytes).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return FetchFailed(i, e, start);
            }
            if (Judge(i, response, start, ref warning) is { } failure) return failure;
        }
        return Passed(start, warning);
    }

    private CheckResult Passed(long start, string? warning) => new(true, "ok", EngineClock.GetElapsedTime(_timeProvider, start), Warning: warning);

    private CheckResult FetchFailed(int index, Exception error, long start) =>
        CheckResult.Fail($"{Scheme} {_endpoint}{_options.Urls[index].Path}: {CheckSockets.Describe(error)}", EngineClock.GetElapsedTime(_timeProvider, start));

    // URL <paramref name="index"/>'s response: null when it passes (a certificate about to expire sets the warning), else the failure.
    private CheckResult? Judge(int index, HttpFetchResponse response, long start, ref string? warning)
    {
        var url = _options.Urls[index];
        var failure = Evaluate(url, _regexes[index], response);
        if (failure is not null)
            return CheckResult.Fail($"{Scheme} {_endpoint}{url.Path}: {failure}", EngineClock.GetElapsedTime(_timeProvider, start));

        if (_options.CertificateExpiryWarning is { } threshold && response.ServerCertificate is { } cert)
        {
            var left = new DateTimeOffset(cert.NotAfter.ToUniversalTime()) - _timeProvider.GetUtcNow();
            if (left < threshold)
            {
                warning = left <= TimeSpan.Zero
                    ? $"certificate of {_endpoint} expired on {cert.NotAfter.ToUniversalTime():u}"
                    : $"certificate of {_endpoint} expires in {left.TotalDays:0.#} days ({cert.NotAfter.ToUniversalTime():u})";
            }
        }
        return null;
    }

    /// <summary>The verdict of a one-URL probe, computed by the fetch itself: what <see cref="ProbeEachUrlAsync"/> makes of its one fetch.</summary>
    private readonly struct SingleUrlVerdict(HttpGetChecker checker, long start) : IProbeCompletion<HttpFetchResponse, CheckResult>
    {
        public CheckResult Completed(HttpFetchResponse response)
        {
            string? warning = null;
            return checker.Judge(0, response, start, ref warning) ?? checker.Passed(start, warning);
        }

        public bool TryFail(Exception error, out CheckResult result)
        {
            // A cancellation (the deadline, a stop) goes to the scheduler, as from ProbeEachUrlAsync.
            if (error is OperationCanceledException)
            {
                result = null!;
                return false;
            }
            result = checker.FetchFailed(0, error, start);
            return true;
        }
    }

    private string Scheme => _options.Tls ? "SSL_GET" : "HTTP_GET";

    private (HttpFetchRequest Request, byte[] Bytes) Request(int index)
    {
        if (_requests[index] is { } cached && cached.Request.ClientCertificate == _clientCertificate) return cached;
        var url = _options.Urls[index];
        var host = url.VirtualHost ?? _virtualHost;
        var request = new HttpFetchRequest(_endpoint, url.Path, host, _options.Protocol, _connectTimeout,
            Tls: _options.Tls,
            SniName: _options.Tls && _options.EnableSni || _options.SniName is not null ? _options.SniName ?? host : null,
            TlsCompliant: url.TlsCompliant ?? _options.TlsCompliant,
            VerifyCertificate: _options.VerifyCertificate,
            CaFile: _options.CaFile,
            ClientCertificate: _clientCertificate,
            // The body (and raw head) only when a digest or regex reads it: most checks look at the status alone.
            KeepContent: url.Digest is not null || url.Regex is not null);
        var built = (request, Encoding.ASCII.GetBytes(HttpFetcher.BuildRequest(request)));
        _requests[index] = built;
        return built;
    }

    /// <summary>Null when the response passes the URL's tests, else the reason.</summary>
    internal static string? Evaluate(HttpUrlOptions url, Regex? regex, HttpFetchResponse response)
    {
        var code = response.Head.StatusCode;
        var accepted = url.StatusCodes.Count == 0 ? DefaultStatus.Contains(code) : Accepts(url.StatusCodes, code);
        if (!accepted) return $"HTTP status code {code} not accepted";

        if (url.Digest is { } expected)
        {
            var digest = Convert.ToHexStringLower(MD5.HashData(response.Body));
            if (!digest.Equals(expected, StringComparison.OrdinalIgnoreCase)) return $"MD5 digest mismatch (got {digest}, expected {expected.ToLowerInvariant()})";
        }

        if (regex is not null)
        {
            bool matched;
            try
            {
                matched = RegexMatches(regex, Encoding.Latin1.GetString(response.Body), url.RegexMinOffset, url.RegexMaxOffset);
            }
            catch (RegexMatchTimeoutException)
            {
                return "regex evaluation timed out";
            }
            if (matched == url.RegexNoMatch) return url.RegexNoMatch ? "body matches regex_no_match" : "body does not match regex";
        }
        return null;
    }

    // A loop, not Any(): no closure per probe.
    private static bool Accepts(IReadOnlyList<StatusCodeRange> ranges, int code)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Contains(code)) return true;
        }
        return false;
    }

    private static bool RegexMatches(Regex regex, string body, int? minOffset, int? maxOffset)
    {
        // The first match at or after the minimum offset is the earliest; later ones start further on.
        var match = regex.Match(body, Math.Min(minOffset ?? 0, body.Length));
        return match.Success && (maxOffset is not { } max || match.Index <= max);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using LvsDirector.Checkers.Checks;

namespace LvsDirector.Checkers.GenHash;

/// <summary>
/// genhash: fetches a URL exactly as HTTP_GET / SSL_GET would and prints the MD5 digest of the body (the value
/// for <c>digest</c>), with the headers and a hex dump of the body in verbose mode.
/// </summary>
public static class GenHashRunner
{
    private const string Rule = "-----------------------";

    /// <summary>
    /// Runs genhash; returns the process exit code (0 on success, 1 when the fetch failed). The digest (and in
    /// verbose mode the request, headers and body) go to <paramref name="output"/>, a failure to
    /// <paramref name="error"/> (<paramref name="output"/> when null).
    /// </summary>
    public static async Task<int> RunAsync(GenHashOptions options, TextWriter output, CancellationToken cancellationToken, TimeProvider? timeProvider = null,
        TextWriter? error = null)
    {
        timeProvider ??= TimeProvider.System;
        var port = options.Port ?? (options.Ssl ? 443 : 80);
        var endpoint = new CheckEndpoint(new IPEndPoint(options.Server, port), FirewallMark: options.FirewallMark);
        var request = new HttpFetchRequest(endpoint, options.Url, options.VirtualHost,
            options.Protocol, options.Timeout, Tls: options.Ssl,
            SniName: options.Ssl && (options.Sni || options.SniName is not null) ? options.SniName ?? options.VirtualHost : null);
        HttpFetchResponse response;
        try
        {
            using var deadline = new CancellationTokenSource(options.Timeout * 4, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            try
            {
                response = await new HttpFetcher(timeProvider).FetchAsync(request, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("no complete response in time");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await (error ?? output).WriteLineAsync($"genhash: {request.Endpoint}{options.Url}: {CheckSockets.Describe(e)}").ConfigureAwait(false);
            return 1;
        }

        var digest = Convert.ToHexStringLower(MD5.HashData(response.Body));
        if (options.Verbose)
        {
            await output.WriteLineAsync(Title("HTTP Request")).ConfigureAwait(false);
            await output.WriteAsync(HttpFetcher.BuildRequest(request).Replace("\r\n", "\n")).ConfigureAwait(false);
            await output.WriteLineAsync(Title("HTTP Header Ascii Buffer")).ConfigureAwait(false);
            await output.WriteAsync(response.RawHead.Replace("\r\n", "\n")).ConfigureAwait(false);
            await output.WriteLineAsync(Title("HTML Buffer")).ConfigureAwait(false);
            await output.WriteAsync(HexDump(response.Body)).ConfigureAwait(false);
            await output.WriteLineAsync(Title("HTML hash final resulting")).ConfigureAwait(false);
        }
        await output.WriteLineAsync($"MD5SUM = {digest}").ConfigureAwait(false);
        return 0;
    }

    private static string Title(string text) => $"{Rule}[ {text,-24} ]{Rule}";

    /// <summary>Offset, 16 hex bytes, and their printable characters, one line per 16 bytes.</summary>
    internal static string HexDump(ReadOnlySpan<byte> data)
    {
        var builder = new StringBuilder();
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            var line = data.Slice(offset, Math.Min(16, data.Length - offset));
            builder.Append(offset.ToString("x4")).Append("  ");
            for (var i = 0; i < 16; i++) builder.Append(i < line.Length ? line[i].ToString("x2") + " " : "   ");
            builder.Append(' ');
            foreach (var b in line) builder.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            builder.Append('\n');
        }
        return builder.ToString();
    }
}

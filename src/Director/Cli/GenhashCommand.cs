using System.Globalization;
using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.GenHash;

namespace LvsDirector.Cli;

/// <summary>
/// <c>lvs-director genhash</c> (also <c>lvs-director -T</c>): genhash(1)'s options — fetch a URL and print
/// its headers, body and MD5 digest, for writing <c>digest</c> lines.
/// </summary>
internal static class GenhashCommand
{
    public static readonly OptionSpec[] Specs =
    [
        new('S', "use-ssl", OptionArgument.None, "use SSL to connect to the server"),
        new('s', "server", OptionArgument.Required, "the IP address to connect to"),
        new('p', "port", OptionArgument.Required, "the port to connect to (80, or 443 with -S)"),
        new('u', "url", OptionArgument.Required, "the path to fetch (default /)"),
        new('V', "use-virtualhost", OptionArgument.Required, "the Host header (and SNI name with -S)"),
        new('I', "use-sni", OptionArgument.None, "send SNI with -S"),
        new('P', "protocol", OptionArgument.Required, "HTTP version: 1.0, 1.1 or 1.0c"),
        new('t', "timeout", OptionArgument.Required, "connection timeout in seconds (default 5)"),
        new('m', "fwmark", OptionArgument.Required, "firewall mark (SO_MARK) on the connection"),
        new('H', "hash", OptionArgument.Required, "digest algorithm: md5 (the only one keepalived's digest uses)"),
        new('v', "verbose", OptionArgument.None, "verbose output"),
        new('r', "release", OptionArgument.None, "print the version and exit"),
        new('h', "help", OptionArgument.None, "print this help and exit"),
    ];

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs genhash with <paramref name="args"/>; what it prints goes to <paramref name="output"/>, errors to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (parsed, operands, errors) = new GetoptParser(Specs).Parse(args);
        foreach (var operand in operands) errors.Add($"unexpected argument '{operand}'");
        IPAddress? server = null;
        int? port = null;
        string url = "/", protocol = "1.0";
        string? vhost = null;
        bool ssl = false, sni = false, verbose = false;
        var timeout = TimeSpan.FromSeconds(5);
        uint? mark = null;
        foreach (var (name, value) in parsed)
        {
            switch (name)
            {
                case "help":
                    PrintHelp(output);
                    return 0;
                case "release":
                    output.WriteLine($"lvs-director genhash {typeof(GenhashCommand).Assembly.GetName().Version}");
                    return 0;
                case "use-ssl": ssl = true; break;
                case "use-sni": sni = true; break;
                case "verbose": verbose = true; break;
                case "server":
                    if (!IPAddress.TryParse(value, out server)) errors.Add($"--server: '{value}' is not an IP address");
                    break;
                case "port":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536) port = p;
                    else errors.Add($"--port: '{value}' is not a port number");
                    break;
                case "url": url = value!; break;
                case "use-virtualhost": vhost = value; break;
                case "protocol":
                    protocol = value!;
                    if (protocol is not ("1.0" or "1.1" or "1.0c" or "1.0C")) errors.Add($"--protocol: '{value}' is not 1.0, 1.1 or 1.0c");
                    break;
                case "timeout":
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0 && t <= 3600) timeout = TimeSpan.FromSeconds(t);
                    else errors.Add($"--timeout: '{value}' is not a number of seconds");
                    break;
                case "fwmark":
                    if (uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0) mark = m;
                    else errors.Add($"--fwmark: '{value}' is not a firewall mark (1-4294967295)");
                    break;
                case "hash":
                    if (!string.Equals(value, "md5", StringComparison.OrdinalIgnoreCase)) errors.Add($"--hash: only md5 is supported (keepalived's digest is MD5)");
                    break;
            }
        }
        if (server is null && errors.Count == 0) errors.Add("--server is required");
        foreach (var e in errors) error.WriteLine($"genhash: {e}");
        if (errors.Count > 0) return 1;
        var options = new GenHashOptions
        {
            Server = server!,
            Port = port,
            Url = url,
            Ssl = ssl,
            VirtualHost = vhost,
            Sni = sni || (ssl && vhost is not null),
            Protocol = protocol switch { "1.1" => HttpProtocolVersion.Http11, "1.0c" or "1.0C" => HttpProtocolVersion.Http10Close, _ => HttpProtocolVersion.Http10 },
            Timeout = timeout,
            Verbose = verbose,
            FirewallMark = mark,
        };
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler interrupt = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += interrupt;
        try
        {
            return await GenHashRunner.RunAsync(options, output, cts.Token, error: error);
        }
        finally
        {
            Console.CancelKeyPress -= interrupt;
        }
    }

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine("Usage: lvs-director genhash [-S] -s SERVER [-p PORT] [-u URL] [-V HOST] [-P 1.0|1.1|1.0c] [-t SECS] [-m MARK] [-v]");
        foreach (var s in Specs)
        {
            var arg = s.Argument == OptionArgument.Required ? " ARG" : "";
            output.WriteLine($"  -{s.Short}, --{s.Long}{arg}".PadRight(32) + s.Help);
        }
    }
}

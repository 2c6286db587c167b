using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LvsDirector.Cli;

namespace LvsDirector.Director.Tests.Cli;

/// <summary><c>lvs-director genhash</c>: keepalived genhash's options, their errors and exit codes, and a real fetch.</summary>
public class GenhashCommandTests
{
    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await GenhashCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_ListsEveryOption_ExitsZero()
    {
        var (code, output, error) = await Run("-h");
        Assert.Equal(0, code);
        Assert.Empty(error);
        foreach (var option in GenhashCommand.Specs) Assert.Contains($"-{option.Short}, --{option.Long}", output);
    }

    [Fact]
    public async Task Release_PrintsTheVersion_ExitsZero()
    {
        var (code, output, _) = await Run("--release");
        Assert.Equal(0, code);
        Assert.StartsWith("lvs-director genhash ", output);
    }

    [Theory]
    [InlineData(new[] { "-p", "80" }, "--server is required")]
    [InlineData(new[] { "-s", "example.org" }, "--server: 'example.org' is not an IP address")]
    [InlineData(new[] { "-s", "127.0.0.1", "-p", "70000" }, "--port: '70000' is not a port number")]
    [InlineData(new[] { "-s", "127.0.0.1", "-P", "2.0" }, "--protocol: '2.0' is not 1.0, 1.1 or 1.0c")]
    [InlineData(new[] { "-s", "127.0.0.1", "-t", "0" }, "--timeout: '0' is not a number of seconds")]
    [InlineData(new[] { "-s", "127.0.0.1", "-m", "-3" }, "--fwmark: '-3' is not a firewall mark")]
    [InlineData(new[] { "-s", "127.0.0.1", "-H", "sha256" }, "--hash: only md5 is supported")]
    [InlineData(new[] { "-s", "127.0.0.1", "extra" }, "unexpected argument 'extra'")]
    public async Task BadArguments_SayWhatIsWrongOnStandardError_ExitOne(string[] args, string message)
    {
        var (code, output, error) = await Run(args);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"genhash: {message}", error);
    }

    [Fact]
    public async Task Fetch_PrintsTheBodysMd5_AsADigestLineNeedsIt()
    {
        const string body = "<html>ok</html>\n";
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = ServeOnceAsync(listener, body);

        var (code, output, error) = await Run("-s", "127.0.0.1", "-p", port.ToString(), "-u", "/health", "-V", "www.example", "-m", "7");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal($"MD5SUM = {Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(body)))}", output.Trim());
        var request = await served;
        Assert.StartsWith("GET /health HTTP/1.0\r\n", request);
        Assert.Contains("Host: www.example", request);
    }

    [Fact]
    public async Task ServerRefuses_ErrorOnStandardError_NothingOnOutput_ExitOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: the connection is refused

        var (code, output, error) = await Run("-s", "127.0.0.1", "-p", port.ToString(), "-t", "2");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"genhash: 127.0.0.1:{port}/", error);
    }

    // Accepts one connection, reads the request head, answers with body and closes; returns the request.
    private static async Task<string> ServeOnceAsync(TcpListener listener, string body)
    {
        using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n"))
        {
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (n == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        var response = $"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        return received.ToString();
    }
}

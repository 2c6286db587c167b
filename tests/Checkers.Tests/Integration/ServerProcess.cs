using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LvsDirector.Checkers.Tests.Integration;

/// <summary>A real server process started by a test and killed (by its pid, with its children) when disposed.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string file, params string[] arguments)
    {
        // setsid: the server leads its own process group, so dispose kills it with every child it forked.
        var info = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(file);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process);
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public async Task WaitForTcpAsync(int port, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{what} exited with {_process.ExitCode} before listening on {port}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"{what} did not listen on {port} within 15 s");
    }

    /// <summary>Gives a UDP server time to bind: waits until its port shows up in /proc/net/udp.</summary>
    public async Task WaitForUdpAsync(int port, string what)
    {
        var hex = ":" + port.ToString("X4") + " ";
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{what} exited with {_process.ExitCode} before binding UDP {port}");
            if ((await File.ReadAllLinesAsync("/proc/net/udp")).Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } f && f[1].EndsWith(hex.Trim(), StringComparison.Ordinal)))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{what} did not bind UDP {port} within 15 s");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            LvsDirector.Checkers.Scripts.ProcessGroupSignal.Send(_process.Id, LvsDirector.Checkers.Scripts.ProcessGroupSignal.SigKill);
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace LvsDirector.Checkers.Tests.Checks;

/// <summary>
/// A loopback server for one probe at a time: reads each request's head, then answers with the next of the responses the
/// test queued and closes (or, for a null response, keeps the connection open and silent). With
/// <c>awaitClientClose</c> it never closes first: after the response it waits for the client's end of the connection
/// and reports how it ended (<see cref="ClientEnds"/>).
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Queue<string?> _responses = new();
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _awaitClientClose;
    private readonly Task _serving;

    /// <summary>How each answered connection ended, with <c>awaitClientClose</c>: "reset", "orderly close" or "more data".</summary>
    public Channel<string> ClientEnds { get; } = Channel.CreateUnbounded<string>();

    public LoopbackHttpServer(bool awaitClientClose = false)
    {
        _awaitClientClose = awaitClientClose;
        _listener.Start();
        _serving = ServeAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The requests received, as text.</summary>
    public List<string> Requests { get; } = [];

    public void Answer(string? response)
    {
        lock (_responses) _responses.Enqueue(response);
    }

    public static string Status(int code, string body = "ok") =>
        $"HTTP/1.0 {code} X\r\nContent-Length: {body.Length}\r\n\r\n{body}";

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                var head = new StringBuilder();
                var buffer = new byte[1024];
                while (!head.ToString().Contains("\r\n\r\n"))
                {
                    var read = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (read == 0) break;
                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                string? response;
                lock (_responses)
                {
                    Requests.Add(head.ToString());
                    response = _responses.TryDequeue(out var next) ? next : null;
                }
                if (response is null)
                {
                    lock (_held) _held.Add(socket);
                    continue;
                }
                await socket.SendAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                if (_awaitClientClose)
                {
                    await ClientEnds.Writer.WriteAsync(await ClientEndAsync(socket, buffer), _stop.Token);
                    socket.Dispose();
                    continue;
                }
                socket.Shutdown(SocketShutdown.Both);
                socket.Dispose();
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task<string> ClientEndAsync(Socket socket, byte[] buffer)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, _stop.Token) == 0 ? "orderly close" : "more data";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return "reset";
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
        lock (_held) _held.ForEach(s => s.Dispose());
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using LvsDirector.Checkers.Sockets;
using LvsDirector.Common.Interop;

namespace LvsDirector.Checkers.Checks;

/// <summary>Creates check sockets with bindto / bind_if / bind_port / fwmark and connects them within connect_timeout.</summary>
internal static class CheckSockets
{
    private const int SolSocket = 1;        // SOL_SOCKET, asm-generic/socket.h
    private const int SoBindToDevice = 25;  // SO_BINDTODEVICE
    private const int SoMark = 36;          // SO_MARK
    private const int SoReuseAddress = 2;   // SO_REUSEADDR
    private const int IpProtoTcp = 6;       // IPPROTO_TCP, netinet/in.h
    private const int TcpNoDelay = 1;       // TCP_NODELAY, netinet/tcp.h

    /// <summary>A managed socket (UDP, DNS) bound and marked as <paramref name="endpoint"/> asks.</summary>
    public static Socket Create(CheckEndpoint endpoint, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(endpoint.Target.AddressFamily, type, protocol);
        try
        {
            Configure(socket, endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static void Configure(Socket socket, CheckEndpoint endpoint)
    {
        if (endpoint.FirewallMark is { } mark)
        {
            Span<byte> value = stackalloc byte[4];
            BitConverter.TryWriteBytes(value, mark);
            socket.SetRawSocketOption(SolSocket, SoMark, value);
        }
        if (endpoint.BindInterface is { } ifName)
        {
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(ifName + "\0"));
        }
        if (LocalEndpoint(endpoint) is { } local)
        {
            if (endpoint.BindPort is not null) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(local);
        }
    }

    /// <summary>
    /// The same for a connection's descriptor (<see cref="CheckConnection.Open"/>, still the caller's), plus TCP_NODELAY when
    /// <paramref name="noDelay"/>. Without options (the common case) no call and no allocation.
    /// </summary>
    public static unsafe void Configure(int socket, CheckEndpoint endpoint, bool noDelay = false)
    {
        if (endpoint is { FirewallMark: null, BindInterface: null, BindTo: null, BindPort: null } && !noDelay) return;
        using var handle = new SafeFdHandle(socket, ownsHandle: false);
        if (endpoint.FirewallMark is { } mark)
        {
            Check(Libc.SetSockOpt(handle, SolSocket, SoMark, (int)mark), "setsockopt(SO_MARK)");
        }
        if (endpoint.BindInterface is { } ifName)
        {
            var name = Encoding.ASCII.GetBytes(ifName + "\0");
            fixed (byte* value = name) Check(Libc.SetSockOpt(handle, SolSocket, SoBindToDevice, value, (uint)name.Length), "setsockopt(SO_BINDTODEVICE)");
        }
        if (LocalEndpoint(endpoint) is { } local)
        {
            if (endpoint.BindPort is not null) Check(Libc.SetSockOpt(handle, SolSocket, SoReuseAddress, 1), "setsockopt(SO_REUSEADDR)");
            var address = stackalloc byte[SocketAddressBytes.MaxLength];
            var length = SocketAddressBytes.Write(local, new Span<byte>(address, SocketAddressBytes.MaxLength));
            Check(Libc.Bind(handle, address, (uint)length), "bind");
        }
        if (noDelay) Check(Libc.SetSockOpt(handle, IpProtoTcp, TcpNoDelay, 1), "setsockopt(TCP_NODELAY)");
    }

    // bindto / bind_port: the address and port to bind to (a link-local one scoped by bind_if), or null to let connect choose.
    private static IPEndPoint? LocalEndpoint(CheckEndpoint endpoint)
    {
        if (endpoint.BindTo is null && endpoint.BindPort is null) return null;
        var address = endpoint.BindTo ?? (endpoint.Target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        if (address.IsIPv6LinkLocal && address.ScopeId == 0 && endpoint.BindInterface is { } scopeIf)
        {
            address = new IPAddress(address.GetAddressBytes(), InterfaceIndex(scopeIf));
        }
        return new IPEndPoint(address, endpoint.BindPort ?? 0);
    }

    private static void Check(int rc, string operation)
    {
        if (rc < 0) throw CheckConnection.ToException(Libc.LastErrno, operation);
    }

    /// <summary>
    /// A connection on an engine for <paramref name="endpoint"/>, bound and marked as it asks, not yet connected: the one
    /// <paramref name="reuse"/> keeps (the same check's, so the same options) when there is one, else a new socket.
    /// </summary>
    public static CheckConnection Open(CheckEndpoint endpoint, bool noDelay = false, IdleConnectionSlot? reuse = null)
    {
        if (reuse?.Take() is { } kept) return kept;
        var socket = CheckConnection.Open(endpoint.Target.AddressFamily);
        try
        {
            Configure(socket, endpoint, noDelay);
        }
        catch
        {
            Libc.Close(socket);
            throw;
        }
        return new CheckConnection(socket); // owns the descriptor from here on (closes it if it cannot be made)
    }

    /// <summary>
    /// Connects within <paramref name="connectTimeout"/> through the checkers' <see cref="ReadinessEngine"/> (timed by its
    /// heap in production, by <paramref name="timeProvider"/> otherwise: see <see cref="StepTimeout"/>); throws
    /// <see cref="TimeoutException"/> when it passes.
    /// </summary>
    /// <remarks>
    /// <see cref="HttpFetcher"/>'s engine path (FetchOnEngineAsync) inlines this connect step to save an async layer per
    /// probe: a change to its timing or messages here belongs there too.
    /// </remarks>
    /// <param name="noDelay">
    /// TCP_NODELAY, for exchanges of several small writes (a TLS handshake, SMTP's dialogue); a single request (HTTP) or
    /// none (TCP_CHECK) does not need the extra setsockopt.
    /// </param>
    public static ValueTask<CheckConnection> ConnectAsync(CheckEndpoint endpoint, TimeSpan connectTimeout, TimeProvider timeProvider, CancellationToken cancellationToken,
        bool noDelay = false) =>
        ConnectAsync<CheckConnection, AsIs<CheckConnection>>(endpoint, connectTimeout, timeProvider, default, cancellationToken, noDelay);

    /// <summary>
    /// <see cref="ConnectAsync(CheckEndpoint, TimeSpan, TimeProvider, CancellationToken, bool)"/> ending with
    /// <paramref name="completion"/>'s result for the connection (which it then owns) or the error: TCP_CHECK's whole probe
    /// is this one async method. With <paramref name="reuse"/>, the check's kept socket is connected when there is one.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<TResult> ConnectAsync<TResult, TCompletion>(CheckEndpoint endpoint, TimeSpan connectTimeout, TimeProvider timeProvider,
        TCompletion completion, CancellationToken cancellationToken, bool noDelay = false, IdleConnectionSlot? reuse = null)
        where TCompletion : struct, IProbeCompletion<CheckConnection, TResult>
    {
        CheckConnection? connection = null;
        try
        {
            connection = Open(endpoint, noDelay, reuse);
            using var timeout = new StepTimeout(connectTimeout, timeProvider, cancellationToken, connection.Readiness);
            timeout.Begin();
            try
            {
                if (!connection.StartConnect(endpoint.Target))
                {
                    await connection.Readiness.WaitAsync(Libc.EPOLLOUT, timeout.Token).ConfigureAwait(false);
                    connection.EndConnect();
                }
            }
            catch (Exception) when (timeout.Overran)
            {
                throw timeout.Overrun("connect");
            }
            finally
            {
                timeout.End();
            }
        }
        catch (Exception e)
        {
            connection?.Dispose();
            if (completion.TryFail(e, out var failed)) return failed;
            throw;
        }
        return completion.Completed(connection);
    }

    /// <summary>Runs one step (read, write, handshake) within <paramref name="timeout"/>; throws <see cref="TimeoutException"/> naming the step when it passes.</summary>
    public static async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> step, string what, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var stepTimeout = new StepTimeout(timeout, timeProvider, cancellationToken);
        return await stepTimeout.RunAsync(step, what).ConfigureAwait(false);
    }

    /// <summary>keepalived-like text for a socket error.</summary>
    public static string Describe(Exception e) => e switch
    {
        TimeoutException t => t.Message,
        SocketException s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostUnreachable => "host unreachable",
            SocketError.NetworkUnreachable => "network unreachable",
            SocketError.ConnectionReset => "connection reset by peer",
            SocketError.TimedOut => "timed out",
            _ => s.Message,
        },
        System.Security.Authentication.AuthenticationException a => "TLS handshake failed: " + (a.InnerException?.Message ?? a.Message),
        IOException io when io.InnerException is SocketException inner => Describe(inner),
        _ => e.Message,
    };

    private static long InterfaceIndex(string name)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new SocketException((int)SocketError.AddressNotAvailable);
        return nic.GetIPProperties().GetIPv6Properties().Index;
    }
}

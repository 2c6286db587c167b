namespace LvsDirector.Checkers.Sockets;

/// <summary>
/// One check's TCP socket kept between probes. A probe whose exchange completed hands its connection back
/// (<see cref="Return"/>): it is disconnected with connect(AF_UNSPEC), which resets the connection exactly as the close
/// with SO_LINGER 0 did (the real server sees the same RST), and kept, still registered on its engine, for the next probe
/// (<see cref="Take"/>), which then connects it again from a new ephemeral port. A probe that failed, timed out or was
/// cancelled closes its socket instead, so a socket in doubt is never reused. Per probe this saves socket(2),
/// setsockopt(SO_LINGER) and close(2) with the kernel's creation and teardown of a socket and file: measured in the IPVS VM
/// at about a tenth of an HTTP probe's CPU (docs/checkers.md). The idle sockets are bounded by
/// <see cref="IdleConnectionBudget"/>; the check disposes its slot when it stops (a reload that drops it, the end).
/// </summary>
internal sealed class IdleConnectionSlot : IDisposable
{
    private CheckConnection? _idle;
    private volatile bool _disposed;

    /// <summary>The idle socket, disconnected and ready to connect, or null (none kept yet, or the last probe failed).</summary>
    public CheckConnection? Take()
    {
        var connection = Interlocked.Exchange(ref _idle, null);
        if (connection is not null) IdleConnectionBudget.Release();
        return connection;
    }

    /// <summary>
    /// Ends <paramref name="connection"/>'s exchange, which completed: disconnected and kept for the next probe when the
    /// slot is open and the budget allows, else closed (with a reset, as ever).
    /// </summary>
    public void Return(CheckConnection connection)
    {
        if (_disposed || !IdleConnectionBudget.TryAcquire())
        {
            connection.Dispose();
            return;
        }
        if (!connection.TryDisconnect())
        {
            IdleConnectionBudget.Release();
            connection.Dispose();
            return;
        }
        // One probe at a time per check; an abandoned probe (past its deadline) that ends later can find one kept here.
        var previous = Interlocked.Exchange(ref _idle, connection);
        if (previous is not null)
        {
            IdleConnectionBudget.Release();
            previous.Dispose();
        }
        if (_disposed) Take()?.Dispose(); // disposed meanwhile: nobody else will close it
    }

    /// <summary>Closes the idle socket, if any; connections returned from now on are closed.</summary>
    public void Dispose()
    {
        _disposed = true;
        Take()?.Dispose();
    }
}

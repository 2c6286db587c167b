namespace LvsDirector.Common.Netlink;

/// <summary>
/// A bound netlink socket talking to the kernel: the seam that lets everything above it be tested with
/// in-memory fakes. Implementations: <see cref="NetlinkSocket"/> (the real one) and test fakes.
/// </summary>
internal interface INetlinkSocket : IDisposable
{
    /// <summary>Our port id (nl_pid) as assigned by the kernel at bind; replies carry it.</summary>
    uint PortId { get; }

    /// <summary>Sends one datagram holding one or more complete messages to the kernel.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for and receives one datagram into <paramref name="buffer"/> and returns its length. If the
    /// datagram is longer than the buffer, nothing is consumed and its length is returned: call again with
    /// a buffer at least that large. Receive-queue overflow surfaces as a <see cref="NetlinkException"/> with
    /// errno ENOBUFS (replies were lost; re-dump).
    /// </summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}

using System.Net;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// The last advert decoded on one receive thread, with its addresses, reused when the next packet is
/// the same bytes between the same addresses: a master repeats one advert every interval, so the
/// steady-state receive path allocates nothing (a garbage collection suspends the VRRP threads too).
/// Not thread-safe: one per receive thread.
/// </summary>
internal sealed class DecodedAdvertisementCache
{
    private readonly byte[] _payload = new byte[VrrpPacketCodec.MaxMessageLength + VrrpPacketCodec.V2AuthenticationDataLength];
    private readonly byte[] _source = new byte[16];
    private readonly byte[] _destination = new byte[16];
    private int _payloadLength = -1;
    private int _sourceLength;
    private int _destinationLength;
    private Entry? _entry;

    /// <summary>The cached decode of exactly these bytes, or null.</summary>
    public Entry? Find(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        if (_entry is null || payload.Length != _payloadLength) return null;
        return payload.SequenceEqual(_payload.AsSpan(0, _payloadLength))
            && source.SequenceEqual(_source.AsSpan(0, _sourceLength))
            && destination.SequenceEqual(_destination.AsSpan(0, _destinationLength))
            ? _entry
            : null;
    }

    /// <summary>Remembers a successful decode (packets too large to be valid are not cached).</summary>
    public Entry Store(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, VrrpAdvertisement advertisement, VrrpChecksumMode checksumMode)
    {
        var entry = new Entry(advertisement, checksumMode, new IPAddress(source), new IPAddress(destination));
        if (payload.Length > _payload.Length || source.Length > _source.Length || destination.Length > _destination.Length) return entry;
        payload.CopyTo(_payload);
        source.CopyTo(_source);
        destination.CopyTo(_destination);
        _payloadLength = payload.Length;
        _sourceLength = source.Length;
        _destinationLength = destination.Length;
        _entry = entry;
        return entry;
    }

    internal sealed record Entry(VrrpAdvertisement Advertisement, VrrpChecksumMode ChecksumMode, IPAddress Source, IPAddress Destination);
}

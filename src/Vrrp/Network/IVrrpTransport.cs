using System.Net;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Network;

/// <summary>Sends one instance's adverts: to its multicast group or to each unicast peer.</summary>
internal interface IVrrpTransport
{
    /// <summary>The source address of our adverts (unicast_src_ip or the interface's primary address); null while the interface has none.</summary>
    IPAddress? PrimaryAddress { get; }

    /// <summary>
    /// Gets ready to send (opens the socket, resolves the source address) ahead of the first advert:
    /// called when the instance enters BACKUP, so that becoming MASTER costs nothing but the send.
    /// A failure is logged and retried by the next send.
    /// </summary>
    void Prepare();

    /// <summary>
    /// Encodes and sends; false (and logged by the transport) if it could not be sent.
    /// <paramref name="authenticationSequence"/> is the AH sequence number of this advert (the same for every
    /// unicast peer) when the instance uses <c>auth_type AH</c>, 0 otherwise.
    /// </summary>
    bool Send(VrrpAdvertisement advertisement, uint authenticationSequence);
}

using System.Net;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// A decoded advert with what the IP layer said about it. <see cref="HadAuthenticationHeader"/>: an IP
/// Authentication Header preceded it and its ICV and SPI verified with the instance's key;
/// <see cref="AuthenticationSequence"/> is then the AH's sequence number.
/// </summary>
internal readonly record struct ReceivedAdvertisement(
    VrrpAdvertisement Advertisement,
    IPAddress Source,
    IPAddress Destination,
    int TimeToLive,
    VrrpChecksumMode ChecksumMode,
    bool HadAuthenticationHeader = false,
    uint AuthenticationSequence = 0);

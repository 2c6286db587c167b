using System.Net;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>A decoded advert with what the IP layer said about it.</summary>
internal readonly record struct ReceivedAdvertisement(
    VrrpAdvertisement Advertisement,
    IPAddress Source,
    IPAddress Destination,
    int TimeToLive,
    VrrpChecksumMode ChecksumMode,
    bool HadAuthenticationHeader = false);

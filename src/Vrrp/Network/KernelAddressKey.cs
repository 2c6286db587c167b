using System.Net;

namespace LvsDirector.Vrrp.Network;

/// <summary>An address as an RTM_NEWADDR/RTM_DELADDR message names it: interface index, address, prefix length.</summary>
internal readonly record struct KernelAddressKey(int InterfaceIndex, IPAddress Address, byte PrefixLength);

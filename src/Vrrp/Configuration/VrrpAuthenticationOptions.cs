using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.Configuration;

/// <summary>keepalived <c>authentication { auth_type PASS|AH; auth_pass … }</c> (VRRPv2 only).</summary>
public sealed record VrrpAuthenticationOptions
{
    public VrrpAuthenticationType Type { get; init; } = VrrpAuthenticationType.SimplePassword;

    /// <summary>The password; only the first 8 octets are used, as in keepalived.</summary>
    public string Password { get; init; } = "";
}

namespace LvsDirector.Vrrp.Configuration;

/// <summary>Address scope (rtnetlink <c>RT_SCOPE_*</c>, keepalived <c>scope</c>).</summary>
public enum VirtualAddressScope : byte
{
    Global = 0,
    Site = 200,
    Link = 253,
    Host = 254,
    Nowhere = 255,
}

using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Adds and removes routes and policy rules (rtnetlink RTM_NEWROUTE/RTM_DELROUTE, RTM_NEWRULE/RTM_DELRULE); failures are logged, never thrown.</summary>
internal interface IVirtualRouteManager
{
    /// <summary>Adds each route and then each rule; one already present is not an error. <paramref name="owner"/> names the instance (or "static") in logs.</summary>
    void Add(string owner, IReadOnlyList<VirtualRouteOptions> routes, IReadOnlyList<VirtualRuleOptions> rules);

    /// <summary>Removes each rule and then each route; one already gone is not an error.</summary>
    void Remove(string owner, IReadOnlyList<VirtualRouteOptions> routes, IReadOnlyList<VirtualRuleOptions> rules);
}

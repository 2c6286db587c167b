using LvsDirector.Vrrp.Configuration;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Fakes;

internal sealed class FakeAnnouncer : IGratuitousAnnouncer
{
    public List<string> Calls { get; } = new();

    public void AnnounceMaster(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice, GratuitousAnnouncementOptions options) =>
        Calls.Add($"master {instance} {string.Join(",", addresses.Select(a => a.Address))}");

    public void AnnounceLowerPriority(string instance, IReadOnlyList<VirtualAddressOptions> addresses, string defaultDevice, GratuitousAnnouncementOptions options) =>
        Calls.Add($"lower {instance}");

    public void Cancel(string instance) => Calls.Add($"cancel {instance}");
}

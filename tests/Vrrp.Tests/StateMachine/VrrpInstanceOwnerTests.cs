using System.Net;
using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>The address owner (priority 255) and owner_ignore_adverts, vrrp_strict's default for it.</summary>
public class VrrpInstanceOwnerTests
{
    private static readonly IPAddress HigherAddress = IPAddress.Parse("192.0.2.200");

    [Fact]
    public void OnAdvertisement_OwnerIgnoresAdverts_StaysMasterOnEqualPriorityFromHigherAddress()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Priority = 255, OwnerIgnoresAdvertisements = true });
        h.Instance.Start();
        Assert.Equal(VrrpState.Master, h.Instance.State);

        h.Receive(255, HigherAddress);

        Assert.Equal(VrrpState.Master, h.Instance.State);
        Assert.Equal(1, h.Instance.GetStatistics().AdvertisementsReceived);
    }

    [Fact]
    public void OnAdvertisement_OwnerWithoutIgnore_StepsDownForEqualPriorityFromHigherAddress()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { Priority = 255 });
        h.Instance.Start();

        h.Receive(255, HigherAddress);

        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }

    [Fact]
    public void OnAdvertisement_IgnoreSetButNotOwner_ElectionAsUsual()
    {
        var h = new VrrpInstanceHarness(VrrpInstanceHarness.DefaultOptions() with { OwnerIgnoresAdvertisements = true });
        h.StartAsMaster();

        h.Receive(200);

        Assert.Equal(VrrpState.Backup, h.Instance.State);
    }
}

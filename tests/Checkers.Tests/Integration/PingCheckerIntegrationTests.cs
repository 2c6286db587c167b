using System.Net;
using LvsDirector.Checkers.Configuration;
using static LvsDirector.Checkers.Tests.Integration.ProbeRunner;

namespace LvsDirector.Checkers.Tests.Integration;

[Trait("Category", "Integration")]
public class PingCheckerIntegrationTests
{
    private static readonly PingCheckOptions Ping = new() { ConnectTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task Probe_Loopback_EchoReply()
    {
        LvsDirector.TestSupport.Prerequisites.RequireRoot();

        var result = await ProbeOnceAsync(Ping, IPAddress.Loopback);

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public async Task Probe_NamespaceAddressUpThenLinkDownThenUp_PassFailPass()
    {
        await using var ns = await NetworkNamespace.CreateAsync();

        var up = await ProbeOnceAsync(Ping, ns.NamespaceAddress);
        await ns.SetLinkAsync(up: false);
        var down = await ProbeOnceAsync(Ping, ns.NamespaceAddress);
        await ns.SetLinkAsync(up: true);
        // The link takes a moment to carry again, and the neighbour entry left failed by the down period is
        // resolved anew (a CI run lost the first echo): the check passes again within a few probes, as a check's
        // retries would let it.
        var back = await ProbeOnceAsync(Ping, ns.NamespaceAddress);
        for (var attempt = 1; attempt < 5 && !back.Success; attempt++)
            back = await ProbeOnceAsync(Ping, ns.NamespaceAddress);

        Assert.True(up.Success, up.Reason);
        Assert.False(down.Success);
        Assert.True(back.Success, back.Reason);
    }
}

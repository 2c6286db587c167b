using LvsDirector.Vrrp.Interop;
using LvsDirector.Vrrp.Network;

namespace LvsDirector.Vrrp.Tests.Network;

public class PendingReceiveWorkTests
{
    private static unsafe ulong[] Affinity()
    {
        var mask = new ulong[16];
        fixed (ulong* p = mask)
            Assert.Equal(0, VrrpLibc.SchedGetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), p));
        return mask;
    }

    [Fact]
    public void RunOnEveryCpu_AnyThread_RunsAndRestoresTheThreadsAffinity()
    {
        var result = new TaskCompletionSource<(bool Ran, ulong[] Before, ulong[] After)>();
        var thread = new Thread(() =>
        {
            var before = Affinity();
            var ran = PendingReceiveWork.RunOnEveryCpu();
            result.SetResult((ran, before, Affinity()));
        });
        thread.Start();
        thread.Join();

        var (ran, before, after) = result.Task.Result;
        Assert.True(ran);
        Assert.Equal(before, after);
    }
}

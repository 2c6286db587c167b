using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.StateMachine;

public class VrrpHotPathTests
{
    [Fact]
    public void Compile_TwiceInOneProcess_CompilesTheHotTypesOnceWithoutError()
    {
        var first = VrrpHotPath.Compile();
        var second = VrrpHotPath.Compile();

        // VrrpInstance alone has some fifty methods; every listed type contributes.
        Assert.True(first > 150, $"only {first} methods compiled");
        Assert.Equal(first, second);
    }
}

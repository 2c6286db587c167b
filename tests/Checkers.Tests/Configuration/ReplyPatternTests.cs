using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Configuration;

public class ReplyPatternTests
{
    [Theory]
    [InlineData("0a1X", new byte[] { 0x0a, 0x15, 0xff }, true)]
    [InlineData("0a1X", new byte[] { 0x0a, 0x1f }, true)]
    [InlineData("0a1X", new byte[] { 0x0a, 0x25 }, false)]
    [InlineData("XX", new byte[] { 0x99 }, true)]
    [InlineData("0a1X", new byte[] { 0x0a }, false)]
    public void Matches_Prefix_NibblesMarkedXIgnored(string hex, byte[] reply, bool expected)
    {
        Assert.True(ReplyPattern.TryParse(hex, out var pattern));

        Assert.Equal(expected, pattern!.Matches(reply));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz")]
    public void TryParse_Invalid_False(string hex)
    {
        Assert.False(ReplyPattern.TryParse(hex, out _));
    }
}

using LvsDirector.Vrrp.StateMachine;

namespace LvsDirector.Vrrp.Tests.StateMachine;

/// <summary>keepalived 2.2.7's ipsecah_counter: one counter for sending and for the replay audit.</summary>
public class AuthenticationHeaderCounterTests
{
    [Fact]
    public void NextToSend_FreshCounter_StartsAtOneAndIncrements()
    {
        var counter = new AuthenticationHeaderCounter();
        Assert.Equal(1u, counter.NextToSend());
        Assert.Equal(2u, counter.NextToSend());
        Assert.Equal(3u, counter.NextToSend());
        Assert.False(counter.Cycled);
    }

    [Fact]
    public void TryAccept_OnlyGreaterNumbers_AreAcceptedAndAdopted()
    {
        var counter = new AuthenticationHeaderCounter();
        Assert.True(counter.TryAccept(5));
        Assert.False(counter.TryAccept(5));
        Assert.False(counter.TryAccept(4));
        Assert.False(counter.TryAccept(0));
        Assert.True(counter.TryAccept(6));
        Assert.Equal(6u, counter.SequenceNumber);
    }

    [Fact]
    public void NextToSend_AfterAccepting_CarriesOnFromTheAcceptedNumber()
    {
        var counter = new AuthenticationHeaderCounter();
        Assert.True(counter.TryAccept(41));
        Assert.Equal(42u, counter.NextToSend());
    }

    [Fact]
    public void NextToSend_AtTheTop_StopsAtFFFFFFFEAndCycles()
    {
        var counter = new AuthenticationHeaderCounter();
        Assert.True(counter.TryAccept(0xFFFFFFFC));
        Assert.Equal(0xFFFFFFFDu, counter.NextToSend());
        Assert.False(counter.Cycled);
        Assert.Equal(0xFFFFFFFEu, counter.NextToSend());
        Assert.False(counter.Cycled);
        Assert.Equal(0xFFFFFFFEu, counter.NextToSend());
        Assert.True(counter.Cycled);
        Assert.Equal(0xFFFFFFFEu, counter.NextToSend());
    }

    [Fact]
    public void BecomingMaster_Cycled_StartsAgainFromZero()
    {
        var counter = new AuthenticationHeaderCounter();
        counter.TryAccept(0xFFFFFFFE);
        counter.NextToSend();
        Assert.True(counter.Cycled);

        counter.BecomingMaster();

        Assert.False(counter.Cycled);
        Assert.Equal(1u, counter.NextToSend());
    }

    [Fact]
    public void BecomingMaster_NotCycled_KeepsTheCounter()
    {
        var counter = new AuthenticationHeaderCounter();
        counter.TryAccept(77);
        counter.BecomingMaster();
        Assert.Equal(78u, counter.NextToSend());
    }

    [Fact]
    public void AcceptedAsBackup_Cycled_ClearsTheCycle()
    {
        var counter = new AuthenticationHeaderCounter();
        counter.TryAccept(0xFFFFFFFE);
        counter.NextToSend();
        Assert.True(counter.TryAccept(0xFFFFFFFF));

        counter.AcceptedAsBackup(0xFFFFFFFF);

        Assert.False(counter.Cycled);
        counter.BecomingMaster();
        Assert.Equal(0xFFFFFFFFu, counter.SequenceNumber);
    }
}

using FsCheck;
using FsCheck.Fluent;
using LvsDirector.Common.Netlink;

namespace LvsDirector.Ipvs.Tests.Netlink;

// Arbitrary and corrupted reply datagrams through the receive path: a NetlinkException at worst, never a hang, and
// the connection serves the next exchanges.
public partial class NetlinkConnectionTests
{
    [Fact]
    public void Exchange_ArbitraryOrCorruptedReplies_OnlyNetlinkExceptionNoHangAndNextExchangesSucceed()
    {
        Prop.ForAll<byte, int[], byte[][]>((selector, edits, junk) =>
        {
            var exchange = (Exchange)(selector % 3);
            var (socket, connection) = TimingOutWhenIdle();
            using var _ = connection;
            socket.Responder = d =>
            {
                // Junk first, then (unless left out) the right answer with bytes overwritten and perhaps cut short.
                var replies = (junk ?? Array.Empty<byte[]>()).Select(j => j ?? Array.Empty<byte>()).ToList();
                if ((selector & 0x10) != 0) return replies;
                var answer = Answer(exchange, d, socket.PortId, 1);
                foreach (var edit in edits ?? Array.Empty<int>()) answer[(int)((uint)edit >> 8) % answer.Length] = (byte)edit;
                if ((selector & 0x20) != 0) answer = answer[..(int)((uint)(edits?.Length ?? 0) * 7 % answer.Length)];
                replies.Add(answer);
                return replies;
            };

            try
            {
                ExchangeAnyAsync(exchange, connection).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }
            catch (NetlinkException)
            {
            }

            foreach (var next in Enum.GetValues<Exchange>()) AssertNextExchangeAnsweredAsync(next, connection, socket).GetAwaiter().GetResult();
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    // One exchange whatever its answer (the fuzzed replies may make a dump of any length or a batch that failed).
    private static Task ExchangeAnyAsync(Exchange exchange, NetlinkConnection connection) => exchange switch
    {
        Exchange.Request => connection.RequestAsync(Request(0x20, 1), "fuzz", CancellationToken.None),
        Exchange.Dump => connection.DumpAsync(Request(0x20, 1), "fuzz", CancellationToken.None),
        _ => connection.ExecuteBatchAsync(Request(0x20, 1), "fuzz", CancellationToken.None),
    };
}

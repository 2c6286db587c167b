using System.Net;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;
using Xunit;

namespace LvsDirector.Ipvs.Tests.Reconcile;

/// <summary>
/// The ownership file keeps its format across builds: the JSON is generated at compile time (for the native
/// executable), and a file an earlier version wrote is still read.
/// </summary>
public sealed class FileOwnershipStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lvsi-" + Guid.NewGuid().ToString("N"));

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Save_WritesTheDocumentedFormat_SortedAndIndented()
    {
        var store = new FileOwnershipStore(PathOf("ipvs-owned.json"));

        store.Save(new HashSet<IpvsServiceKey>
        {
            IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80),
            IpvsServiceKey.ForFirewallMark(7, System.Net.Sockets.AddressFamily.InterNetwork),
        });

        var text = File.ReadAllText(PathOf("ipvs-owned.json")).ReplaceLineEndings("\n");
        Assert.Equal("{\n  \"version\": 1,\n  \"services\": [\n    \"FWM 7\",\n    \"TCP 192.0.2.100:80\"\n  ]\n}", text);
    }

    [Fact]
    public void Load_ReadsAFileWrittenByHand()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(PathOf("ipvs-owned.json"), """{"version":1,"services":["TCP 192.0.2.100:80","UDP [2001:db8::1]:53"]}""");

        var owned = new FileOwnershipStore(PathOf("ipvs-owned.json")).Load();

        Assert.Equal(2, owned.Count);
        Assert.Contains(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.100"), 80), owned);
        Assert.Contains(IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("2001:db8::1"), 53), owned);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"version":1}""")]
    [InlineData("""{"version":1,"services":["no such key"]}""")]
    public void Load_RefusesABadFile_WithItsPath(string content)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(PathOf("bad.json"), content);

        var e = Assert.Throws<InvalidDataException>(() => new FileOwnershipStore(PathOf("bad.json")).Load());

        Assert.Contains(PathOf("bad.json"), e.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}

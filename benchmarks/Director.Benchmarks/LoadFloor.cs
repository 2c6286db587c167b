using System.Diagnostics;
using System.Net;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;

/// <summary>
/// `floor FILE`: a lower bound for the load of a large LVS configuration on this runtime. Reads only the shape that
/// scripts/bench/ipvs-table.sh writes (virtual_server IP PORT { lb_algo, lb_kind, protocol, real_server IP PORT
/// { weight N } }) straight from the text into the IPVS library's options: no syntax tree, no model, no validation,
/// no checkers. Not a loader: what the daemon's load costs beyond this is what a compact configuration model could
/// at best save.
/// </summary>
internal static class LoadFloor
{
    public static int Run(string path)
    {
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var text = File.ReadAllText(path);
        var read = sw.ElapsedMilliseconds;
        var services = new List<VirtualServiceOptions>();
        var reals = new List<RealServerOptions>();
        IpvsServiceKey? key = null;
        string scheduler = "wlc";
        IPAddress? realAddress = null;
        ushort realPort = 0;
        var weight = 1;
        var depth = 0;
        var lines = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range).Trim();
            lines++;
            if (line.IsEmpty) continue;
            if (line[0] == '}')
            {
                depth--;
                if (depth == 1 && realAddress is not null)
                {
                    reals.Add(new RealServerOptions { Address = realAddress, Port = realPort, Weight = weight });
                    realAddress = null;
                }
                else if (depth == 0 && key is not null)
                {
                    services.Add(new VirtualServiceOptions { Key = key.Value, Scheduler = scheduler, RealServers = new ValueList<RealServerOptions>(reals) });
                    reals.Clear();
                    key = null;
                }
                continue;
            }
            var sp = line.IndexOf(' ');
            var keyword = sp < 0 ? line : line[..sp];
            var rest = sp < 0 ? default : line[(sp + 1)..].Trim();
            if (keyword.SequenceEqual("virtual_server") || keyword.SequenceEqual("real_server"))
            {
                var a = rest.IndexOf(' ');
                var ip = IPAddress.Parse(rest[..a]);
                var portText = rest[(a + 1)..];
                var port = ushort.Parse(portText[..portText.IndexOf(' ')]);
                depth++;
                if (keyword[0] == 'v') key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, ip, port);
                else
                {
                    realAddress = ip;
                    realPort = port;
                    weight = 1;
                }
            }
            else if (keyword.SequenceEqual("weight")) weight = int.Parse(rest);
            else if (keyword.SequenceEqual("lb_algo")) scheduler = rest.ToString();
        }
        var dests = services.Sum(s => s.RealServers.Count);
        Console.WriteLine($"floor: {lines} lines, {services.Count} services, {dests} dests in {sw.ElapsedMilliseconds} ms wall (read {read} ms), {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms cpu, {GC.GetTotalAllocatedBytes() >> 20} MiB allocated");
        return 0;
    }
}

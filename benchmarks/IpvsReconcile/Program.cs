using System.Diagnostics;
using System.Globalization;
using System.Net;
using LvsDirector.Ipvs;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;
using LvsDirector.Ipvs.Reconcile;

// Usage (inside the IPVS VM, as root):
//   LvsDirector.Benchmarks ours    <services> <dests>   program from empty, no-op reload, 1-weight reload, restart/adopt
//   LvsDirector.Benchmarks ipvsadm <services> <dests>   the same table with `ipvsadm -R`, then a restart/adopt by us
// Prints one "name: value" line per figure. Each mode needs a fresh kernel (the kernel's destination trash
// list makes re-adding after a flush quadratic), so the script boots one VM per mode.
var mode = args.Length > 0 ? args[0] : "ours";
int services = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
int dests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var ct = CancellationToken.None;

var options = new IpvsOptions
{
    OwnershipStateFile = null,
    ReconcileInterval = TimeSpan.FromHours(1),
    Services = Enumerable.Range(0, services).Select(i => new VirtualServiceOptions
    {
        Key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, new IPAddress(new byte[] { 192, 0, 2, (byte)(1 + i / 250) }), (ushort)(10000 + i % 250)),
        Scheduler = "wlc",
        RealServers = Enumerable.Range(0, dests).Select(j => new RealServerOptions
        {
            Address = new IPAddress(new byte[] { 198, 51, (byte)(j / 250), (byte)(1 + j % 250) }),
            Port = (ushort)(10000 + i % 250),
            Weight = 1,
        }).ToArray(),
    }).ToArray(),
};
int entries = services * (dests + 1);
Console.WriteLine($"table: {services} services x {dests} dests = {entries} entries");

IpvsClient? current = null;
IpvsReconciler NewReconciler() => new(async c => current = await IpvsClient.OpenAsync(c));

async Task<(IpvsApplyResult Result, TimeSpan Elapsed, long Datagrams)> Apply(IpvsReconciler reconciler, IpvsOptions o)
{
    var before = current;
    long sendsBefore = current?.Connection.SendCount ?? 0;
    var watch = Stopwatch.StartNew();
    var self = Process.GetCurrentProcess();
    (var user0, var system0) = (self.UserProcessorTime, self.PrivilegedProcessorTime);
    var result = await reconciler.ApplyAsync(o, ct);
    watch.Stop();
    self.Refresh();
    Console.Write($"[cpu user {(self.UserProcessorTime - user0).TotalSeconds:F2} s, system {(self.PrivilegedProcessorTime - system0).TotalSeconds:F2} s] ");
    long datagrams = current!.Connection.SendCount - (ReferenceEquals(before, current) ? sendsBefore : 0);
    if (!result.Succeeded) throw new InvalidOperationException("apply failed: " + (result.Error ?? string.Join("; ", result.Failures.Take(5))));
    return (result, watch.Elapsed, datagrams);
}

void Report(string name, (IpvsApplyResult Result, TimeSpan Elapsed, long Datagrams) run) =>
    Console.WriteLine($"{name}: {run.Elapsed.TotalSeconds:F2} s, {run.Result.Changes.Count} changes, {run.Result.WritesSent} writes, {run.Result.NetlinkOperations} netlink operations, {run.Datagrams} datagrams sent");

using (var flush = await IpvsClient.OpenAsync(ct)) await flush.FlushAsync(ct);

if (mode == "ipvsadm")
{
    var script = Path.Combine(Path.GetTempPath(), "lvsi-bench-restore.txt");
    using (var writer = new StreamWriter(script))
    {
        foreach (var s in options.Services)
        {
            writer.WriteLine($"-A -t {s.Key.Address}:{s.Key.Port} -s wlc");
            foreach (var r in s.RealServers) writer.WriteLine($"-a -t {s.Key.Address}:{s.Key.Port} -r {r.Address}:{r.Port} -g -w 1");
        }
    }
    var watch = Stopwatch.StartNew();
    var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"ipvsadm -R < {script}" } };
    using (var p = Process.Start(start)!) { p.WaitForExit(); if (p.ExitCode != 0) throw new InvalidOperationException("ipvsadm -R failed"); }
    Console.WriteLine($"ipvsadm -R from empty: {watch.Elapsed.TotalSeconds:F2} s");
    await using var adopt = NewReconciler();
    Report("lvs-director restart over the ipvsadm table (adopt)", await Apply(adopt, options));
    return;
}

var first = options.Services[0];
var oneWeight = options with
{
    Services = new[] { first with { RealServers = first.RealServers.Select((r, i) => i == 0 ? r with { Weight = 5 } : r).ToArray() } }
        .Concat(options.Services.Skip(1)).ToArray(),
};
await using (var reconciler = NewReconciler())
{
    Report("lvs-director from empty", await Apply(reconciler, options));
    Report("lvs-director reload, nothing changed", await Apply(reconciler, options with { }));
    Report("lvs-director reload, 1 dest weight changed", await Apply(reconciler, oneWeight));
    // NOOP_ROUNDS=N: N more reconciles of the unchanged table, as the periodic reconcile runs them (steady state).
    for (var i = 1; i <= int.Parse(Environment.GetEnvironmentVariable("NOOP_ROUNDS") ?? "0", CultureInfo.InvariantCulture); i++)
        Report($"lvs-director periodic reconcile {i}, nothing changed", await Apply(reconciler, oneWeight));
}
await using (var restarted = NewReconciler())
{
    Report("lvs-director restart over its own table (adopt)", await Apply(restarted, oneWeight));
}

using System.Diagnostics;
using BenchmarkDotNet.Running;
using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Config.Lexing;
using LvsDirector.Config.Model;
using LvsDirector.Config.Schema;
using LvsDirector.Config.Syntax;
using LvsDirector.Config.Validation;

// `phases FILE`: one load of FILE with the time and allocation of each phase (a scripted figure);
// `repeat FILE N`: N loads of FILE through the daemon's loader, with each one's time (for a profiler: the later loads
// run the code the JIT has tiered up); anything else: BenchmarkDotNet.
if (args.Length == 2 && args[0] == "text") return TextCosts.Run(args[1]);
if (args.Length == 2 && args[0] == "floor") return LoadFloor.Run(args[1]);
if (args.Length == 3 && args[0] == "repeat")
{
    var options = new ConfigLoadOptions { CheckEnvironment = false };
    // ALLOC_TYPES=1: the runtime's allocation samples (one per ~100 KB) by type, after the loads.
    using var ticks = Environment.GetEnvironmentVariable("ALLOC_TYPES") == "1" ? new AllocationSampler() : null;
    for (var i = 0; i < int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture); i++)
    {
        var sw = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var a0 = GC.GetTotalAllocatedBytes(precise: false);
        var config = KeepalivedConfigLoader.LoadFile(args[1], options);
        Console.WriteLine($"load {i + 1}: {sw.ElapsedMilliseconds} ms wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms cpu, {(GC.GetTotalAllocatedBytes(precise: false) - a0) >> 20} MiB allocated, {config.Diagnostics.Items.Count} diagnostics");
    }
    ticks?.Print();
    return 0;
}
if (args.Length is 2 or 3 && args[0] == "phases")
{
  // `phases FILE N`: N passes, the later ones over code the JIT has tiered up.
  for (var pass = 1; pass <= (args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1); pass++)
  {
    if (pass > 1) Console.WriteLine($"-- pass {pass}");
    var options = new ConfigLoadOptions { CheckEnvironment = false };
    var diagnostics = new ConfigDiagnostics();
    var process = Process.GetCurrentProcess();
    var sw = Stopwatch.StartNew();
    var cpu = process.TotalProcessorTime;
    long Alloc() => GC.GetTotalAllocatedBytes(precise: false);
    var a0 = Alloc();
    var pause = GC.GetTotalPauseDuration();
    // Wall time, CPU time (the machine may be shared), allocation and live heap of each phase.
    // PHASES_LIVE=1: collect after each phase and print the live heap (changes the GC pattern; for memory only).
    var live = Environment.GetEnvironmentVariable("PHASES_LIVE") == "1";
    void Report(string phase)
    {
        if (live) Console.WriteLine($"  live after {phase}: {GC.GetTotalMemory(forceFullCollection: true) >> 20} MiB");
        process.Refresh();
        var now = process.TotalProcessorTime;
        Console.WriteLine($"{phase}: {sw.ElapsedMilliseconds} ms wall, {(now - cpu).TotalMilliseconds:F0} ms cpu, {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms GC pause, {(Alloc() - a0) >> 20} MiB allocated, heap {GC.GetTotalMemory(false) >> 20} MiB");
        sw.Restart();
        cpu = now;
        a0 = Alloc();
        pause = GC.GetTotalPauseDuration();
    }
    var parser = new ConfigParser(diagnostics, options.Limits.MaxBlockDepth);
    var pre = new ConfigPreprocessor(options.ConfigId, options.Limits, diagnostics, parser.AddLine);
    pre.ProcessFile(args[1]);
    parser.Complete();
    Report("preprocess+parse");
    var model = new SchemaBinder(diagnostics).Bind(parser.Root, KeepalivedSchema.Root);
    Report("bind");
    var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None); // the loader adds the defaults
    VrrpValidator.Validate(model, global, diagnostics, options);
    Report("validate vrrp");
    LvsValidator.Validate(model, global, diagnostics);
    Report("validate lvs");
    ScriptValidator.Validate(model, global, diagnostics, options);
    Report("validate scripts");
    var vrrp = VrrpOptionsBinder.Bind(model);
    Report("bind VrrpOptions");
    LvsDirector.Vrrp.Configuration.VrrpOptionsValidator.Validate(vrrp);
    Report("VrrpOptionsValidator");
    var ipvs = IpvsOptionsBinder.Bind(model).Options;
    Report("bind IpvsOptions");
    LvsDirector.Ipvs.Configuration.IpvsOptionsValidator.Validate(ipvs);
    Report("IpvsOptionsValidator");
    var checkers = CheckerOptionsBinder.Bind(model);
    Report("bind CheckerOptions");
    LvsDirector.Checkers.Configuration.CheckerOptionsValidator.Validate(checkers);
    Report("CheckerOptionsValidator");
    GC.KeepAlive(parser);
    Console.WriteLine($"diagnostics {diagnostics.Items.Count}; GC counts gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MiB");
  }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Sampled allocations by type (GCAllocationTick: one event per ~100 KB allocated).</summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public void Print()
    {
        lock (_bytes)
        {
            var total = _bytes.Values.Sum();
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(30))
                Console.WriteLine($"{100.0 * bytes / total,5:F1} %  {bytes >> 20,5} MiB  {type}");
        }
    }
}

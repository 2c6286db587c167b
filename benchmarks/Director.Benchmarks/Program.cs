using System.Diagnostics;
using BenchmarkDotNet.Running;
using LvsDirector.Config;
using LvsDirector.Config.Binding;
using LvsDirector.Config.Lexing;
using LvsDirector.Config.Schema;
using LvsDirector.Config.Syntax;
using LvsDirector.Config.Validation;

// `phases FILE`: one load of FILE with the time and allocation of each phase (a scripted figure);
// anything else: BenchmarkDotNet.
if (args.Length == 2 && args[0] == "phases")
{
    var options = new ConfigLoadOptions { CheckEnvironment = false };
    var diagnostics = new ConfigDiagnostics();
    var sw = Stopwatch.StartNew();
    long Alloc() => GC.GetTotalAllocatedBytes(precise: false);
    var a0 = Alloc();
    var parser = new ConfigParser(diagnostics, options.Limits.MaxBlockDepth);
    var pre = new ConfigPreprocessor(options.ConfigId, options.Limits, diagnostics, parser.AddLine);
    pre.ProcessFile(args[1]);
    parser.Complete();
    Console.WriteLine($"preprocess+parse: {sw.ElapsedMilliseconds} ms, {(Alloc() - a0) >> 20} MiB allocated, heap {GC.GetTotalMemory(false) >> 20} MiB");
    sw.Restart();
    a0 = Alloc();
    var model = new SchemaBinder(diagnostics).Bind(parser.Root, KeepalivedSchema.Root);
    Console.WriteLine($"bind: {sw.ElapsedMilliseconds} ms, {(Alloc() - a0) >> 20} MiB allocated, heap {GC.GetTotalMemory(false) >> 20} MiB");
    sw.Restart();
    a0 = Alloc();
    ConfigValidator.Validate(model, diagnostics, options);
    Console.WriteLine($"validate: {sw.ElapsedMilliseconds} ms, {(Alloc() - a0) >> 20} MiB allocated, heap {GC.GetTotalMemory(false) >> 20} MiB");
    Console.WriteLine($"GC counts gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MiB");
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

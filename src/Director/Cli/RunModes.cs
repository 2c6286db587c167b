using System.Runtime.InteropServices;
using System.Threading.Channels;
using LvsDirector.Common.Interop;
using LvsDirector.Config;
using LvsDirector.Hosting;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Cli;

/// <summary>
/// The long-running modes: <c>-P</c> VRRP only, <c>-C</c> LVS and checkers only, neither: both.
/// SIGHUP reloads (a configuration that cannot run leaves the running one untouched); SIGTERM/SIGINT stop.
/// </summary>
internal static class RunModes
{
    public static async Task<int> RunAsync(DirectorOptions options)
    {
        // -C does not run VRRP and -P does not run LVS: what only the other part would refuse does not stop this one.
        var loadOptions = new ConfigLoadOptions
        {
            ConfigId = options.ConfigId ?? ConfigLoadOptions.DefaultConfigId(),
            ValidateVrrp = !options.CheckOnly,
            ValidateLvs = !options.VrrpOnly,
        };
        // No collection from here until the first table is programmed (LoadWithoutCollections), and the load runs on
        // its own thread while the logging is set up: under emulation (the IPVS VM) each costs seconds before the
        // first IPVS write.
        var startWithoutCollections = LoadWithoutCollections.Begin(options.ConfigFile, LoadWithoutCollections.StartBytesPerFileByte);
        try
        {
            return await RunAsync(options, loadOptions, StartLoad(options.ConfigFile, loadOptions), startWithoutCollections);
        }
        finally
        {
            startWithoutCollections.Dispose();
        }
    }

    private static Task<(KeepalivedConfig Config, long Milliseconds)> StartLoad(string file, ConfigLoadOptions loadOptions) =>
        Task.Factory.StartNew(() =>
        {
            long loading = TimeProvider.System.GetTimestamp();
            var config = KeepalivedConfigLoader.LoadFile(file, loadOptions);
            return (config, (long)TimeProvider.System.GetElapsedTime(loading).TotalMilliseconds);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task<int> RunAsync(DirectorOptions options, ConfigLoadOptions loadOptions, Task<(KeepalivedConfig Config, long Milliseconds)> loading, IDisposable startWithoutCollections)
    {
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                o.IncludeScopes = false;
            })
            .AddConsole(o =>
            {
                // A blocked stdout must never block a VRRP thread that logs: past the queue, lines are dropped.
                o.QueueFullMode = Microsoft.Extensions.Logging.Console.ConsoleLoggerQueueFullMode.DropWrite;
            })
            .SetMinimumLevel(options.LogDetail ? LogLevel.Debug : LogLevel.Information));
        var logger = loggerFactory.CreateLogger("LvsDirector");
        foreach (var ignored in options.AcceptedButIgnored) logger.LogInformation("Option --{Option} accepted; lvs-director has no use for it", ignored);

        if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("Logging set up ({Runtime})", RuntimeSnapshot.Describe());
        var (config, milliseconds) = await loading;
        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("Configuration {File} loaded in {Milliseconds} ms ({Runtime})", options.ConfigFile, milliseconds, RuntimeSnapshot.Describe());
        Report(logger, config);
        if (!config.CanRun)
        {
            logger.LogCritical("Configuration {File} cannot run: stopping", options.ConfigFile);
            return 1;
        }

        using var pid = new PidFile(options.PidFile);
        var signals = Channel.CreateUnbounded<PosixSignal>();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        // A SIGHUP ignored by whoever started us (nohup, some supervisors) is inherited across exec, and the runtime
        // keeps an ignored signal ignored: keepalived reloads on SIGHUP whatever its parent did, and so do we.
        if (Libc.Signal(Libc.SIGHUP, Libc.SigDfl) == Libc.SigIgn)
            logger.LogInformation("SIGHUP was ignored by the parent process (nohup?): handling it for reload");
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle);
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            signals.Writer.TryWrite(context.Signal);
        }

        await using var host = new DirectorHost(runVrrp: !options.CheckOnly, runLvs: !options.VrrpOnly, loggerFactory);
        try
        {
            await host.StartAsync(config, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogCritical("Cannot start: {Reason}", e.Message);
            await host.StopAsync(releaseVrrp: !options.DontReleaseVrrp, releaseIpvs: !options.DontReleaseIpvs, CancellationToken.None);
            return 2;
        }
        // The first table is programmed: collections from now on, before the daemon settles down.
        startWithoutCollections.Dispose();
        logger.LogInformation("Started lvs-director (config {File}, VRRP {Vrrp}, LVS {Lvs})", options.ConfigFile, !options.CheckOnly, !options.VrrpOnly);

        await foreach (var signal in signals.Reader.ReadAllAsync())
        {
            if (signal != PosixSignal.SIGHUP) break;
            logger.LogInformation("Reloading configuration {File}", options.ConfigFile);
            var next = KeepalivedConfigLoader.LoadFile(options.ConfigFile, loadOptions);
            Report(logger, next);
            if (!next.CanRun)
            {
                logger.LogError("New configuration cannot run: keeping the running one");
                continue;
            }
            await host.ReloadAsync(next, CancellationToken.None);
            logger.LogInformation("Reload done");
        }
        logger.LogInformation("Stopping");
        await host.StopAsync(releaseVrrp: !options.DontReleaseVrrp, releaseIpvs: !options.DontReleaseIpvs, CancellationToken.None);
        return 0;
    }

    private static void Report(ILogger logger, KeepalivedConfig config)
    {
        foreach (var d in config.Diagnostics.Items)
        {
            var level = d.Severity switch { DiagnosticSeverity.Warning => LogLevel.Warning, DiagnosticSeverity.Error => LogLevel.Error, _ => LogLevel.Critical };
            logger.Log(level, "{Diagnostic}", d.ToString());
        }
    }
}

using System.Runtime.InteropServices;
using System.Threading.Channels;
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

        // -C does not run VRRP and -P does not run LVS: what only the other part would refuse does not stop this one.
        var loadOptions = new ConfigLoadOptions
        {
            ConfigId = options.ConfigId ?? ConfigLoadOptions.DefaultConfigId(),
            ValidateVrrp = !options.CheckOnly,
            ValidateLvs = !options.VrrpOnly,
        };
        long loading = TimeProvider.System.GetTimestamp();
        var config = KeepalivedConfigLoader.LoadFile(options.ConfigFile, loadOptions);
        logger.LogDebug("Configuration {File} loaded in {Milliseconds} ms", options.ConfigFile, (long)TimeProvider.System.GetElapsedTime(loading).TotalMilliseconds);
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
            await host.StopAsync(releaseVrrp: !options.DontReleaseVrrp, CancellationToken.None);
            return 2;
        }
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
        await host.StopAsync(releaseVrrp: !options.DontReleaseVrrp, CancellationToken.None);
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

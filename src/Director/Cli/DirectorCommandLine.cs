using LvsDirector.Config;
using LvsDirector.Config.Json;

namespace LvsDirector.Cli;

/// <summary>keepalived-compatible command line of lvs-director (keepalived(8) options, short and long).</summary>
internal static class DirectorCommandLine
{
    public static readonly OptionSpec[] Specs =
    [
        new('f', "use-file", OptionArgument.Required, "use the specified configuration file (default /etc/keepalived/keepalived.conf)"),
        new('P', "vrrp", OptionArgument.None, "only run the VRRP part"),
        new('C', "check", OptionArgument.None, "only run the LVS/checker part"),
        new('B', "no_bfd", OptionArgument.None, "do not run BFD"),
        new('\0', "all", OptionArgument.None, "run all parts even if they have no configuration"),
        new('l', "log-console", OptionArgument.None, "log messages to the console"),
        new('D', "log-detail", OptionArgument.None, "detailed log messages"),
        new('S', "log-facility", OptionArgument.Required, "syslog facility (accepted)"),
        new('g', "log-file", OptionArgument.Optional, "log to a file (accepted)"),
        new('\0', "flush-log-file", OptionArgument.None, "flush the log file after each write (accepted)"),
        new('G', "no-syslog", OptionArgument.None, "do not log via syslog (accepted)"),
        new('X', "release-vips", OptionArgument.None, "drop VIPs on transition from a signal (accepted)"),
        new('V', "dont-release-vrrp", OptionArgument.None, "keep VIPs and routes on stop"),
        new('I', "dont-release-ipvs", OptionArgument.None, "keep the IPVS configuration on stop"),
        new('R', "dont-respawn", OptionArgument.None, "do not respawn children (one process: nothing to respawn)"),
        new('n', "dont-fork", OptionArgument.None, "run in the foreground"),
        new('d', "dump-conf", OptionArgument.Optional, "dump the effective configuration (=json: as JSON on stdout)"),
        new('p', "pid", OptionArgument.Required, "pid file"),
        new('r', "vrrp_pid", OptionArgument.Required, "VRRP pid file (accepted; one process)"),
        new('c', "checkers_pid", OptionArgument.Required, "checkers pid file (accepted; one process)"),
        new('b', "bfd_pid", OptionArgument.Required, "BFD pid file (accepted)"),
        new('T', "genhash", OptionArgument.None, "genhash mode: the remaining options are genhash's"),
        new('a', "address-monitoring", OptionArgument.None, "log all netlink address changes (accepted)"),
        new('s', "namespace", OptionArgument.Required, "run in a network namespace (accepted; use ip netns exec)"),
        new('e', "all-config", OptionArgument.None, "fail if any configuration file is missing"),
        new('i', "config-id", OptionArgument.Required, "the config-id for @ID lines (default: short host name)"),
        new('x', "snmp", OptionArgument.None, "SNMP (accepted, not supported)"),
        new('A', "snmp-agent-socket", OptionArgument.Required, "SNMP socket (accepted, not supported)"),
        new('u', "umask", OptionArgument.Required, "umask for files created"),
        new('m', "core-dump", OptionArgument.None, "core dump on crash (accepted)"),
        new('M', "core-dump-pattern", OptionArgument.Optional, "core dump pattern (accepted)"),
        new('\0', "signum", OptionArgument.Required, "print the signal number of STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON or TDATA"),
        new('t', "config-test", OptionArgument.Optional, "check the configuration and exit (exit status 0, 3, 4 or 5)"),
        new('\0', "perf", OptionArgument.Optional, "accepted"),
        new('\0', "debug", OptionArgument.Optional, "accepted"),
        new('\0', "no-mem-check", OptionArgument.None, "accepted"),
        new('\0', "ignore-sigint", OptionArgument.None, "accepted"),
        new('v', "version", OptionArgument.None, "print the version and exit"),
        new('h', "help", OptionArgument.None, "print this help and exit"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "genhash")
        {
            return await GenhashCommand.RunAsync(args[1..]);
        }
        var genhashAt = Array.FindIndex(args, a => a is "-T" or "--genhash");
        if (genhashAt >= 0)
        {
            // keepalived -T: every other option is genhash's.
            return await GenhashCommand.RunAsync(args.Where((_, i) => i != genhashAt).ToArray());
        }
        var (options, errors) = Parse(args);
        foreach (var error in errors) Console.Error.WriteLine($"lvs-director: {error}");
        if (errors.Count > 0)
        {
            Console.Error.WriteLine("Try 'lvs-director --help' for more information.");
            return 2;
        }
        if (options.Help)
        {
            PrintHelp(Console.Out);
            return 0;
        }
        if (options.Version)
        {
            Console.Out.WriteLine($"lvs-director {typeof(DirectorCommandLine).Assembly.GetName().Version} (keepalived 2.4 configuration language)");
            return 0;
        }
        if (options.Signum is { } name)
        {
            return PrintSignum(name);
        }
        if (options.ConfigTest)
        {
            return ConfigTest(options);
        }
        if (options.DumpConf is not null)
        {
            return DumpConf(options);
        }
        return await RunModes.RunAsync(options);
    }

    internal static (DirectorOptions Options, List<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var (parsed, operands, errors) = new GetoptParser(Specs).Parse(args);
        var o = new DirectorOptions();
        var ignored = new List<string>();
        foreach (var (name, value) in parsed)
        {
            o = name switch
            {
                "use-file" => o with { ConfigFile = value!, ConfigFileGiven = true },
                "vrrp" => o with { VrrpOnly = true },
                "check" => o with { CheckOnly = true },
                "log-console" => o with { LogConsole = true },
                "log-detail" => o with { LogDetail = true },
                "dont-release-vrrp" => o with { DontReleaseVrrp = true },
                "dont-release-ipvs" => o with { DontReleaseIpvs = true },
                "dont-fork" => o with { DontFork = true },
                "dump-conf" => o with { DumpConf = value ?? "text" },
                "pid" => o with { PidFile = value },
                "vrrp_pid" => o with { VrrpPidFile = value },
                "checkers_pid" => o with { CheckersPidFile = value },
                "genhash" => o with { Genhash = true },
                "all-config" => o with { AllConfig = true },
                "config-id" => o with { ConfigId = value },
                "signum" => o with { Signum = value },
                "config-test" => value is null ? o with { ConfigTest = true } : o with { ConfigTest = true, ConfigFile = value, ConfigFileGiven = true },
                "version" => o with { Version = true },
                "help" => o with { Help = true },
                _ => o,
            };
            if (name is "log-facility" or "log-file" or "flush-log-file" or "no-syslog" or "release-vips" or "dont-respawn" or "no_bfd" or "all"
                or "bfd_pid" or "address-monitoring" or "namespace" or "snmp" or "snmp-agent-socket" or "umask" or "core-dump" or "core-dump-pattern"
                or "perf" or "debug" or "no-mem-check" or "ignore-sigint")
                ignored.Add(name);
        }
        if (o.VrrpOnly && o.CheckOnly) errors.Add("--vrrp and --check together: give one of them, or neither to run both");
        if (o.DumpConf is not null && o.DumpConf is not ("json" or "text")) errors.Add($"--dump-conf: unknown format '{o.DumpConf}' (json)");
        foreach (var operand in operands) errors.Add($"unexpected argument '{operand}'");
        return (o with { AcceptedButIgnored = ignored }, errors);
    }

    private static ConfigLoadOptions LoadOptions(DirectorOptions o) =>
        new() { ConfigId = o.ConfigId ?? ConfigLoadOptions.DefaultConfigId() };

    private static int ConfigTest(DirectorOptions o)
    {
        var config = KeepalivedConfigLoader.LoadFile(o.ConfigFile, LoadOptions(o));
        foreach (var d in config.Diagnostics.Items) Console.Error.WriteLine(d.ToString());
        if (config.Diagnostics.Dropped > 0) Console.Error.WriteLine($"… and {config.Diagnostics.Dropped} more diagnostics");
        var code = config.Diagnostics.ConfigTestExitCode;
        Console.Error.WriteLine(code switch
        {
            0 => $"Configuration file {o.ConfigFile} is valid",
            3 => $"Configuration file {o.ConfigFile} cannot run (exit 3)",
            4 => $"Configuration file {o.ConfigFile} has errors that were fixed up (exit 4)",
            _ => $"Configuration file {o.ConfigFile} runs scripts without enable_script_security (exit 5)",
        });
        return code;
    }

    private static int DumpConf(DirectorOptions o)
    {
        var config = KeepalivedConfigLoader.LoadFile(o.ConfigFile, LoadOptions(o));
        foreach (var d in config.Diagnostics.Items) Console.Error.WriteLine(d.ToString());
        using var stdout = Console.OpenStandardOutput();
        ConfigJsonWriter.Write(config.Model, stdout);
        stdout.WriteByte((byte)'\n');
        return config.CanRun ? 0 : 3;
    }

    private static int PrintSignum(string name)
    {
        // Linux signal numbers; SIGRTMIN is 34 and SIGRTMAX 64 with glibc.
        int? number = name.ToUpperInvariant() switch
        {
            "STOP" => 15,
            "RELOAD" => 1,
            "DATA" => 10,
            "STATS" => 12,
            "STATS_CLEAR" => 63,
            "JSON" => 36,
            "TDATA" => 64,
            _ => null,
        };
        if (number is null)
        {
            Console.Error.WriteLine($"lvs-director: unknown signal function '{name}'");
            return 1;
        }
        Console.Out.WriteLine(number);
        return 0;
    }

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("Usage: lvs-director [OPTION...]");
        w.WriteLine("       lvs-director genhash [GENHASH OPTION...]");
        foreach (var s in Specs)
        {
            var shortPart = s.Short == '\0' ? "    " : $"-{s.Short}, ";
            var arg = s.Argument switch { OptionArgument.Required => " ARG", OptionArgument.Optional => "[=ARG]", _ => "" };
            w.WriteLine($"  {shortPart}--{s.Long}{arg}".PadRight(36) + s.Help);
        }
    }
}

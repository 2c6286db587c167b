using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Config.Model;
using LvsDirector.Config.Validation;
using static LvsDirector.Config.Binding.BindingHelpers;

namespace LvsDirector.Config.Binding;

/// <summary>The effective model's virtual servers → <see cref="CheckerOptions"/> for src/Checkers.</summary>
internal static class CheckerOptionsBinder
{
    public static CheckerOptions Bind(ConfigObject model)
    {
        var global = model.GetObject("global_defs") ?? new ConfigObject(SourceLocation.None);
        var trackFiles = model.GetObjects("track_file").Where(t => t.GetString("name") is not null)
            .GroupBy(t => t.GetString("name")!).ToDictionary(g => g.Key, g => g.Last());
        var ssl = model.GetObject("SSL");
        var groups = IpvsOptionsBinder.Groups(model);
        // Virtual servers are bound side by side (100,000 real servers in a large configuration); the model is
        // only read here, and the result keeps the configuration's order.
        var virtualServers = model.GetObjects("virtual_server").ToArray();
        var services = new CheckedServiceOptions[virtualServers.Length];
        ParallelLoop.For(virtualServers.Length, i => services[i] = Service(virtualServers[i], trackFiles, ssl, groups));
        return new CheckerOptions
        {
            Services = services.ToEquatableList(),
            LogAllFailures = global.GetBool("checker_log_all_failures"),
            ScriptUser = UserOf(global.GetObject("script_user")),
        };
    }

    private static CheckedServiceOptions Service(ConfigObject vs, Dictionary<string, ConfigObject> trackFiles, ConfigObject? ssl, Dictionary<string, ConfigObject> groups)
    {
        var tvs = CheckTimings.Read(vs);
        return new CheckedServiceOptions
        {
            Name = LvsValidator.Describe(vs),
            Quorum = Int(vs, "quorum") ?? 1,
            Hysteresis = Int(vs, "hysteresis") ?? 0,
            QuorumUp = Commands(vs, "quorum_up"),
            QuorumDown = Commands(vs, "quorum_down"),
            QuorumUpUser = UserOf(vs.GetObject("quorum_up")),
            QuorumDownUser = UserOf(vs.GetObject("quorum_down")),
            SorryServer = vs.GetObject("sorry_server") is { } sorry && Address(sorry, "ip") is { } sorryIp
                ? new SorryServerOptions { Address = sorryIp, Port = Int(sorry, "port") ?? Int(vs, "port") ?? 0, Inhibit = vs.GetBool("sorry_server_inhibit") }
                : null,
            Alpha = vs.GetBool("alpha"),
            Omega = vs.GetBool("omega"),
            InhibitOnFailure = vs.GetBool("inhibit_on_failure"),
            ConnectTimeout = tvs.ConnectTimeout,
            Retry = tvs.Retry,
            DelayBeforeRetry = tvs.DelayBeforeRetry,
            Warmup = tvs.Warmup,
            DelayLoop = tvs.DelayLoop,
            VirtualHost = vs.GetString("virtualhost"),
            SuspendUnlessLocal = vs.GetBool("ha_suspend") ? SuspendAddresses(vs, groups) : EquatableList<IPAddress>.Empty,
            RealServers = RealServers(vs, trackFiles, ssl),
        };
    }

    /// <summary>
    /// ha_suspend: the addresses whose presence on a local interface lets the checks run: the virtual server's, or every
    /// address entry of its group (any one local is enough). A fwmark virtual server has none: never suspended (the
    /// validator warned).
    /// </summary>
    private static EquatableList<IPAddress> SuspendAddresses(ConfigObject vs, Dictionary<string, ConfigObject> groups)
    {
        if (vs.Contains("fwmark")) return EquatableList<IPAddress>.Empty;
        if (vs.GetString("group") is { } name)
            return groups.TryGetValue(name, out var group) ? IpvsOptionsBinder.GroupAddresses(group).Distinct().ToEquatableList() : EquatableList<IPAddress>.Empty;
        return Address(vs, "ip") is { } ip ? [ip] : EquatableList<IPAddress>.Empty;
    }

    // Sized once: a large configuration has 100 real servers per virtual server, 100,000 in all.
    private static EquatableList<RealServerOptions> RealServers(ConfigObject vs, Dictionary<string, ConfigObject> trackFiles, ConfigObject? ssl)
    {
        var items = vs.GetItems("real_server");
        var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<RealServerOptions>(items.Count);
        var shared = new SharedChecks();
        foreach (var item in items)
            if (item is ConfigObject rs && RealServer(vs, rs, trackFiles, ssl, shared) is { } options) builder.Add(options);
        return (builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable()).ToEquatableList();
    }

    /// <summary>The user (and group) a script line or script_user names: <c>SCRIPT [user [group]]</c>; null when none.</summary>
    private static ScriptUser? UserOf(ConfigObject? o) => o?.GetString("user") is { } user ? new ScriptUser(user, o.GetString("group")) : null;

    private static EquatableList<string> Commands(ConfigObject o, string key) =>
        Command(o, key) is { } c ? SplitCommand(c).ToEquatableList() : EquatableList<string>.Empty;

    // Immutable records: `with` copies them, so one default instance each serves every check.
    private static readonly TcpCheckOptions DefaultTcp = new();
    private static readonly PingCheckOptions DefaultPing = new();

    /// <summary>The last TCP_CHECK and PING_CHECK records of one virtual server (see <see cref="SharedCheck"/>).</summary>
    private sealed class SharedChecks
    {
        public TcpCheckOptions? Tcp;
        public PingCheckOptions? Ping;
    }

    private static RealServerOptions? RealServer(ConfigObject vs, ConfigObject rs, Dictionary<string, ConfigObject> trackFiles, ConfigObject? ssl, SharedChecks shared)
    {
        if (Address(rs, "ip") is not { } address) return null;
        // Most real servers of a large configuration have no check of their own (every one counted alive) or one:
        // the list is made by the first check (100,000 empty lists were 9 MB of the load).
        List<CheckOptions>? checks = null;
        void Add(CheckOptions check) => (checks ??= new List<CheckOptions>(1)).Add(check);
        foreach (var c in rs.GetObjects("HTTP_GET")) Add(Http(c, tls: false));
        foreach (var c in rs.GetObjects("SSL_GET")) Add(WithSsl(Http(c, tls: true), ssl));
        foreach (var c in rs.GetObjects("TCP_CHECK")) Add(SharedCheck(DefaultTcp, c, ref shared.Tcp));
        foreach (var c in rs.GetObjects("SMTP_CHECK"))
            Add(Common(new SmtpCheckOptions
            {
                HeloName = c.GetString("helo_name"),
                Hosts = c.GetObjects("host").Select(h => new SmtpHostOptions
                {
                    ConnectIp = Address(h, "connect_ip"),
                    ConnectPort = Int(h, "connect_port"),
                    BindTo = Address(h, "bindto"),
                    BindInterface = h.GetString("bind_if"),
                    BindPort = Int(h, "bind_port"),
                    FirewallMark = h.GetInteger("fwmark") is { } m ? (uint)m : null,
                    ConnectTimeout = Seconds(h, "connect_timeout"),
                }).ToEquatableList(),
            }, c));
        foreach (var c in rs.GetObjects("DNS_CHECK"))
            Add(Common(new DnsCheckOptions
            {
                Type = Enum.TryParse<DnsQueryType>(c.GetString("type") ?? "SOA", out var t) ? t : DnsQueryType.SOA,
                Name = c.GetString("name") ?? ".",
            }, c));
        foreach (var c in rs.GetObjects("UDP_CHECK"))
        {
            var reply = c["require_reply"];
            Add(Common(new UdpCheckOptions
            {
                Payload = c.GetString("payload") is { } hex ? Convert.FromHexString(hex).ToEquatableList() : EquatableList<byte>.Empty,
                RequireReply = reply is not null && reply is not ConfigBool { Value: false },
                ReplyPattern = reply is ConfigString s && ReplyPattern.TryParse(s.Value, out var pattern) ? pattern : null,
                MinReplyLength = Int(c, "min_reply_length") ?? 0,
                MaxReplyLength = Int(c, "max_reply_length") ?? 255,
            }, c));
        }
        foreach (var c in rs.GetObjects("PING_CHECK")) Add(SharedCheck(DefaultPing, c, ref shared.Ping));
        foreach (var c in rs.GetObjects("MISC_CHECK"))
        {
            if (Command(c, "misc_path") is not { } command) continue;
            // As keepalived: a MISC_CHECK whose program does not exist is disabled (the validator warned),
            // so a real server with no other check stays up rather than failing on exit status 127.
            if (SplitCommand(command) is [var program, ..] && program.StartsWith('/') && !File.Exists(program)) continue;
            var script = c.GetObject("misc_path")!;
            var user = c.GetObject("user");
            Add(Timings(new MiscCheckOptions
            {
                Command = SplitCommand(command).ToEquatableList(),
                Timeout = Seconds(c, "misc_timeout"),
                Dynamic = c.GetBool("misc_dynamic"),
                User = user?.GetString("user") ?? script.GetString("user"),
                Group = user?.GetString("group") ?? script.GetString("group"),
            }, c));
        }
        foreach (var c in rs.GetObjects("FILE_CHECK"))
        {
            if (c.GetString("track_file") is not { } name || !trackFiles.TryGetValue(name, out var tf) || tf.GetString("file") is not { } path) continue;
            Add(new FileCheckOptions
            {
                Path = path,
                Weight = Int(c, "weight") ?? Int(tf, "weight") ?? 1,
                Reverse = c.GetBool("reverse") || tf.GetBool("reverse"),
                Dynamic = c.GetBool("dynamic"),
            });
        }
        var trs = CheckTimings.Read(rs);
        var notifyUp = Command(rs, "notify_up");
        var notifyDown = Command(rs, "notify_down");
        return new RealServerOptions
        {
            Address = address,
            Port = Int(rs, "port") ?? 0,
            Weight = Int(rs, "weight") ?? Int(vs, "weight") ?? 1,
            InhibitOnFailure = OptionalBool(rs, "inhibit_on_failure"),
            NotifyUp = notifyUp is null ? EquatableList<string>.Empty : SplitCommand(notifyUp).ToEquatableList(),
            NotifyDown = notifyDown is null ? EquatableList<string>.Empty : SplitCommand(notifyDown).ToEquatableList(),
            NotifyUpUser = UserOf(rs.GetObject("notify_up")),
            NotifyDownUser = UserOf(rs.GetObject("notify_down")),
            Alpha = OptionalBool(rs, "alpha"),
            ConnectTimeout = trs.ConnectTimeout,
            Retry = trs.Retry,
            DelayBeforeRetry = trs.DelayBeforeRetry,
            Warmup = trs.Warmup,
            DelayLoop = trs.DelayLoop,
            VirtualHost = rs.GetString("virtualhost"),
            SlowStart = Seconds(rs, "slow_start") ?? Seconds(vs, "slow_start") ?? TimeSpan.Zero,
            Checks = checks is null ? EquatableList<CheckOptions>.Empty : checks.ToEquatableList(),
        };
    }

    private static HttpGetCheckOptions Http(ConfigObject c, bool tls) => Common(new HttpGetCheckOptions
    {
        Tls = tls,
        VirtualHost = c.GetString("virtualhost"),
        Protocol = c.GetString("http_protocol") switch { "1.1" => HttpProtocolVersion.Http11, "1.0C" => HttpProtocolVersion.Http10Close, _ => HttpProtocolVersion.Http10 },
        EnableSni = c.GetBool("enable_sni"),
        SniName = c.GetString("sni_name"),
        FastRecovery = c.GetBool("fast_recovery"),
        TlsCompliant = c.GetBool("tls_compliant"),
        VerifyCertificate = c.GetBool("verify_certificate"),
        CaFile = c.GetString("ca_file"),
        CertificateExpiryWarning = Seconds(c, "cert_expiry_warning"),
        Urls = c.GetObjects("url").Where(u => u.GetString("path") is not null).Select(u => new HttpUrlOptions
        {
            Path = u.GetString("path")!,
            Digest = u.GetString("digest"),
            StatusCodes = u.GetItems("status_code").Select(StatusRange).ToEquatableList(),
            VirtualHost = u.GetString("virtualhost"),
            Regex = u.GetString("regex"),
            RegexNoMatch = u.GetBool("regex_no_match"),
            RegexOptions = RegexOptionsOf(u),
            RegexMinOffset = Int(u, "regex_min_offset"),
            RegexMaxOffset = Int(u, "regex_max_offset"),
            TlsCompliant = OptionalBool(u, "tls_compliant"),
        }).ToEquatableList(),
    }, c);

    // keepalived's global SSL block, used by every SSL_GET: the client certificate, its key and the key's
    // passphrase. Its "ca" is loaded but never enforced by keepalived; here it is the trust store only where
    // the check asks for verification (verify_certificate) without a ca_file of its own.
    private static HttpGetCheckOptions WithSsl(HttpGetCheckOptions check, ConfigObject? ssl) => ssl is null ? check : check with
    {
        ClientCertificateFile = ssl.GetString("certificate"),
        ClientKeyFile = ssl.GetString("certificate") is null ? null : ssl.GetString("key"),
        ClientKeyPassword = ssl.GetString("certificate") is null ? null : ssl.GetString("password"),
        CaFile = check.CaFile ?? (check.VerifyCertificate ? ssl.GetString("ca") : null),
    };

    private static StatusCodeRange StatusRange(ConfigValue v) => v switch
    {
        ConfigInteger i => StatusCodeRange.Single((int)i.Value),
        ConfigString s when s.Value.Split('-') is [var a, var b] => new StatusCodeRange(int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture)),
        _ => new StatusCodeRange(200, 299),
    };

    private static RegexOptions RegexOptionsOf(ConfigObject url)
    {
        var options = RegexOptions.None;
        foreach (var word in url.GetItems("regex_options").OfType<ConfigString>())
        {
            options |= word.Value switch
            {
                "caseless" => RegexOptions.IgnoreCase,
                "multiline" => RegexOptions.Multiline,
                "dotall" => RegexOptions.Singleline,
                "extended" => RegexOptions.IgnorePatternWhitespace,
                "no_auto_capture" => RegexOptions.ExplicitCapture,
                _ => RegexOptions.None,
            };
        }
        return options;
    }

    // The connection settings and the timings go into one copy of the record (100,000 checks in a large configuration).
    private static T Common<T>(T check, ConfigObject c) where T : CheckOptions => CheckSettings.Read(c, check, connection: true).ApplyTo(check);

    private static T Timings<T>(T check, ConfigObject c) where T : CheckOptions => CheckSettings.Read(c, check, connection: false).ApplyTo(check);

    /// <summary>
    /// A TCP_CHECK or PING_CHECK made from the shared default: the real servers of a virtual server usually
    /// configure theirs alike, so the record of the previous one is used again when its settings are the same
    /// (one record instead of 100 per virtual server; records are immutable, so sharing is safe).
    /// </summary>
    private static T SharedCheck<T>(T template, ConfigObject c, ref T? previous) where T : CheckOptions
    {
        var settings = CheckSettings.Read(c, template, connection: true);
        if (previous is { } p && CheckSettings.Of(p) == settings) return p;
        return previous = settings.ApplyTo(template);
    }

    /// <summary>What every checker takes from its block: the timings and, for network checks, where to connect from and to.</summary>
    private readonly record struct CheckSettings(
        CheckTimings Timings, bool? Alpha, bool? LogAllFailures, TimeSpan? Deadline,
        IPAddress? ConnectIp, int? ConnectPort, IPAddress? BindTo, string? BindInterface, int? BindPort, uint? FirewallMark)
    {
        public static CheckSettings Read(ConfigObject c, CheckOptions check, bool connection) => new(
            CheckTimings.Read(c), OptionalBool(c, "alpha"), OptionalBool(c, "log_all_failures"), Seconds(c, "check_deadline"),
            connection ? Address(c, "connect_ip") : check.ConnectIp,
            connection ? Int(c, "connect_port") : check.ConnectPort,
            connection ? Address(c, "bindto") : check.BindTo,
            connection ? c.GetString("bind_if") : check.BindInterface,
            connection ? Int(c, "bind_port") : check.BindPort,
            connection ? (c.GetInteger("fwmark") is { } m ? (uint)m : null) : check.FirewallMark);

        public static CheckSettings Of(CheckOptions o) => new(
            new CheckTimings(o.ConnectTimeout, o.Retry, o.DelayBeforeRetry, o.Warmup, o.DelayLoop), o.Alpha, o.LogAllFailures, o.Deadline,
            o.ConnectIp, o.ConnectPort, o.BindTo, o.BindInterface, o.BindPort, o.FirewallMark);

        public T ApplyTo<T>(T check) where T : CheckOptions => check with
        {
            ConnectTimeout = Timings.ConnectTimeout,
            Retry = Timings.Retry,
            DelayBeforeRetry = Timings.DelayBeforeRetry,
            Warmup = Timings.Warmup,
            DelayLoop = Timings.DelayLoop,
            Alpha = Alpha,
            LogAllFailures = LogAllFailures,
            Deadline = Deadline,
            ConnectIp = ConnectIp,
            ConnectPort = ConnectPort,
            BindTo = BindTo,
            BindInterface = BindInterface,
            BindPort = BindPort,
            FirewallMark = FirewallMark,
        };
    }

    /// <summary>The five timings keepalived lets a virtual server, a real server and a checker each set.</summary>
    private readonly record struct CheckTimings(TimeSpan? ConnectTimeout, int? Retry, TimeSpan? DelayBeforeRetry, TimeSpan? Warmup, TimeSpan? DelayLoop)
    {
        public static CheckTimings Read(ConfigObject o) => new(
            Seconds(o, "connect_timeout"), Int(o, "retry"), Seconds(o, "delay_before_retry"), Seconds(o, "warmup"), Seconds(o, "delay_loop"));
    }
}

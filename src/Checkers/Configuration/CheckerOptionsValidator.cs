using System.Text.RegularExpressions;

namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// Validates <see cref="CheckerOptions"/> and returns every error with its path; never stops at the first
/// (the Director maps paths back to file and line).
/// </summary>
public static class CheckerOptionsValidator
{
    /// <summary>UDP payload limit: 65535 - 8 (UDP) - 20 (IPv4).</summary>
    public const int MaxUdpPayload = 65507;

    public static IReadOnlyList<CheckerOptionsError> Validate(CheckerOptions options)
    {
        var errors = new List<CheckerOptionsError>();
        if (options.NotifyScriptTimeout <= TimeSpan.Zero)
            errors.Add(new("notify_script_timeout", "must be positive"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Services.Count; i++)
        {
            var service = options.Services[i];
            var path = string.IsNullOrWhiteSpace(service.Name) ? $"services[{i}]" : $"services[{service.Name}]";
            if (string.IsNullOrWhiteSpace(service.Name))
                errors.Add(new(path, "a service needs a name"));
            else if (!names.Add(service.Name))
                errors.Add(new(path, $"duplicate service name '{service.Name}'"));
            ValidateService(service, options, path, errors);
        }
        return errors;
    }

    private static void ValidateService(CheckedServiceOptions service, CheckerOptions global, string path, List<CheckerOptionsError> errors)
    {
        if (service.Quorum < 1) errors.Add(new(path + ".quorum", $"must be at least 1, not {service.Quorum}"));
        if (service.Hysteresis < 0) errors.Add(new(path + ".hysteresis", "must not be negative"));
        else if (service.Hysteresis >= service.Quorum && service.Quorum >= 1)
            errors.Add(new(path + ".hysteresis", $"must be less than quorum ({service.Quorum})"));
        ValidateCommand(service.QuorumUp, path + ".quorum_up", errors, optional: true);
        ValidateCommand(service.QuorumDown, path + ".quorum_down", errors, optional: true);
        ValidateTimings(service.ConnectTimeout, service.Retry, service.DelayBeforeRetry, service.Warmup, service.DelayLoop, path, errors);
        if (service.SorryServer is { } sorry)
        {
            ValidatePort(sorry.Port, path + ".sorry_server.port", errors, allowZero: true);
            if (sorry.Weight < 0) errors.Add(new(path + ".sorry_server.weight", "must not be negative"));
        }
        var keys = new HashSet<RealServerKey>(service.RealServers.Count);
        for (var i = 0; i < service.RealServers.Count; i++)
        {
            var rs = service.RealServers[i];
            var first = errors.Count;
            if (!keys.Add(rs.Key)) errors.Add(new("", "duplicate real server"));
            if (service.SorryServer is { } s && s.Key == rs.Key) errors.Add(new("", "is also the sorry_server"));
            ValidateRealServer(rs, service, global, "", errors);
            if (errors.Count > first) PrefixPaths(errors, first, $"{path}.real_servers[{rs.Key}]");
        }
    }

    // Paths below a real server are built relative ("", ".port", ".checks[0].retry") and prefixed only when
    // there is an error: a configuration of 100,000 real servers would otherwise build 200,000 strings.
    private static void PrefixPaths(List<CheckerOptionsError> errors, int first, string prefix)
    {
        for (var i = first; i < errors.Count; i++) errors[i] = errors[i] with { Path = prefix + errors[i].Path };
    }

    private static void ValidateRealServer(RealServerOptions rs, CheckedServiceOptions service, CheckerOptions global, string path, List<CheckerOptionsError> errors)
    {
        ValidatePort(rs.Port, path + ".port", errors, allowZero: true);
        if (rs.Weight < 0) errors.Add(new(path + ".weight", "must not be negative"));
        if (rs.SlowStart < TimeSpan.Zero) errors.Add(new(path + ".slow_start", "must not be negative"));
        ValidateCommand(rs.NotifyUp, path + ".notify_up", errors, optional: true);
        ValidateCommand(rs.NotifyDown, path + ".notify_down", errors, optional: true);
        ValidateTimings(rs.ConnectTimeout, rs.Retry, rs.DelayBeforeRetry, rs.Warmup, rs.DelayLoop, path, errors);
        for (var i = 0; i < rs.Checks.Count; i++)
        {
            var check = rs.Checks[i];
            var first = errors.Count;
            if (check is null) errors.Add(new("", "is null"));
            else ValidateCheck(check, rs, service, global, "", errors);
            if (errors.Count > first) PrefixPaths(errors, first, $"{path}.checks[{i}]");
        }
    }

    private static void ValidateCheck(CheckOptions check, RealServerOptions rs, CheckedServiceOptions service, CheckerOptions global, string path, List<CheckerOptionsError> errors)
    {
        ValidateTimings(check.ConnectTimeout, check.Retry, check.DelayBeforeRetry, check.Warmup, check.DelayLoop, path, errors);
        if (check.Deadline is { } deadline && deadline <= TimeSpan.Zero) errors.Add(new(path + ".check_deadline", "must be positive"));
        if (check.ConnectPort is { } cp) ValidatePort(cp, path + ".connect_port", errors, allowZero: false);
        if (check.BindPort is { } bp) ValidatePort(bp, path + ".bind_port", errors, allowZero: false);
        if (check.BindInterface is { Length: 0 or > 15 }) errors.Add(new(path + ".bind_if", "must be an interface name of 1 to 15 characters"));
        var target = check.ConnectIp ?? rs.Address;
        if (check.BindTo is { } bindTo && bindTo.AddressFamily != target.AddressFamily)
            errors.Add(new(path + ".bindto", $"{bindTo} is not of the same family as the target {target}"));
        var needsPort = check.Kind is CheckKind.Tcp or CheckKind.Udp;
        if (needsPort && (check.ConnectPort ?? rs.Port) == 0)
            errors.Add(new(path + ".connect_port", "no port: set connect_port or give the real server a port"));

        switch (check)
        {
            case HttpGetCheckOptions http:
                ValidateHttp(http, path, errors);
                break;
            case SmtpCheckOptions smtp:
                for (var i = 0; i < smtp.Hosts.Count; i++)
                {
                    var host = smtp.Hosts[i];
                    if (host.ConnectPort is { } hp) ValidatePort(hp, $"{path}.host[{i}].connect_port", errors, allowZero: false);
                    if (host.BindPort is { } hbp) ValidatePort(hbp, $"{path}.host[{i}].bind_port", errors, allowZero: false);
                    if (host.BindTo is { } hb && hb.AddressFamily != (host.ConnectIp ?? target).AddressFamily)
                        errors.Add(new($"{path}.host[{i}].bindto", $"{hb} is not of the same family as the target"));
                }
                if (smtp.HeloName is { Length: 0 }) errors.Add(new(path + ".helo_name", "must not be empty"));
                break;
            case DnsCheckOptions dns:
                if (!Enum.IsDefined(dns.Type)) errors.Add(new(path + ".type", $"unknown query type {(ushort)dns.Type}"));
                if (!Codecs.DnsMessageCodec.IsValidName(dns.Name)) errors.Add(new(path + ".name", $"'{dns.Name}' is not a valid DNS name"));
                break;
            case UdpCheckOptions udp:
                if (udp.Payload.Count > MaxUdpPayload) errors.Add(new(path + ".payload", $"longer than {MaxUdpPayload} bytes"));
                if (udp.MinReplyLength < 0) errors.Add(new(path + ".min_reply_length", "must not be negative"));
                if (udp.MaxReplyLength < udp.MinReplyLength || udp.MaxReplyLength > MaxUdpPayload)
                    errors.Add(new(path + ".max_reply_length", $"must be between min_reply_length ({udp.MinReplyLength}) and {MaxUdpPayload}"));
                if (udp.ReplyPattern is not null && !udp.RequireReply) errors.Add(new(path + ".require_reply", "a reply pattern needs require_reply"));
                break;
            case MiscCheckOptions misc:
                ValidateCommand(misc.Command, path + ".misc_path", errors, optional: false);
                if (misc.Timeout is { } t && t <= TimeSpan.Zero) errors.Add(new(path + ".misc_timeout", "must be positive"));
                if (misc.Group is not null && misc.User is null) errors.Add(new(path + ".user", "a group needs a user"));
                break;
            case FileCheckOptions file:
                if (string.IsNullOrWhiteSpace(file.Path)) errors.Add(new(path + ".track_file", "needs a file path"));
                break;
        }
    }

    private static void ValidateHttp(HttpGetCheckOptions http, string path, List<CheckerOptionsError> errors)
    {
        if (http.Urls.Count == 0) errors.Add(new(path + ".url", "at least one url { path … } is required"));
        if (!Enum.IsDefined(http.Protocol)) errors.Add(new(path + ".http_protocol", "unknown protocol"));
        if (!http.Tls)
        {
            if (http.EnableSni || http.SniName is not null) errors.Add(new(path + ".enable_sni", "SNI applies to SSL_GET only"));
            if (http.VerifyCertificate || http.CaFile is not null || http.CertificateExpiryWarning is not null)
                errors.Add(new(path + ".verify_certificate", "certificate options apply to SSL_GET only"));
        }
        if (http.CaFile is not null && !http.VerifyCertificate) errors.Add(new(path + ".ca_file", "needs verify_certificate"));
        if (http.ClientCertificateFile is not null && !http.Tls) errors.Add(new(path + ".SSL.certificate", "a client certificate applies to SSL_GET only"));
        if ((http.ClientKeyFile is not null || http.ClientKeyPassword is not null) && http.ClientCertificateFile is null)
            errors.Add(new(path + ".SSL.key", "a key or password needs a certificate"));
        if (http.CertificateExpiryWarning is { } w && w <= TimeSpan.Zero) errors.Add(new(path + ".cert_expiry_warning", "must be positive"));
        if (http.VirtualHost is { } vh && !IsValidHeaderValue(vh)) errors.Add(new(path + ".virtualhost", "contains control characters"));
        for (var i = 0; i < http.Urls.Count; i++)
        {
            var url = http.Urls[i];
            var urlPath = $"{path}.url[{i}]";
            if (string.IsNullOrEmpty(url.Path) || url.Path.Any(c => c <= ' ' || c == 0x7f))
                errors.Add(new(urlPath + ".path", "must be non-empty without spaces or control characters"));
            if (url.Digest is { } digest && (digest.Length != 32 || !digest.All(Uri.IsHexDigit)))
                errors.Add(new(urlPath + ".digest", $"'{digest}' is not an MD5 digest of 32 hex digits"));
            foreach (var range in url.StatusCodes)
            {
                if (range.From < 100 || range.To > 599 || range.From > range.To)
                    errors.Add(new(urlPath + ".status_code", $"'{range}' is not a code or range within 100-599"));
            }
            if (url.VirtualHost is { } uvh && !IsValidHeaderValue(uvh)) errors.Add(new(urlPath + ".virtualhost", "contains control characters"));
            if (url.Regex is { } pattern)
            {
                try
                {
                    _ = new Regex(pattern, url.RegexOptions, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    errors.Add(new(urlPath + ".regex", e.Message));
                }
            }
            else if (url.RegexNoMatch)
            {
                errors.Add(new(urlPath + ".regex_no_match", "needs a regex"));
            }
            if (url.RegexMinOffset is < 0) errors.Add(new(urlPath + ".regex_min_offset", "must not be negative"));
            if (url.RegexMinOffset is { } min && url.RegexMaxOffset is { } max && max < min)
                errors.Add(new(urlPath + ".regex_max_offset", "must not be below regex_min_offset"));
            if (url.TlsCompliant is not null && !http.Tls) errors.Add(new(urlPath + ".tls_compliant", "applies to SSL_GET only"));
        }
    }

    private static void ValidateTimings(TimeSpan? connectTimeout, int? retry, TimeSpan? delayBeforeRetry, TimeSpan? warmup, TimeSpan? delayLoop, string path, List<CheckerOptionsError> errors)
    {
        if (connectTimeout is { } ct && ct <= TimeSpan.Zero) errors.Add(new(path + ".connect_timeout", "must be positive"));
        if (retry is < 0) errors.Add(new(path + ".retry", "must not be negative"));
        if (delayBeforeRetry is { } dbr && dbr < TimeSpan.Zero) errors.Add(new(path + ".delay_before_retry", "must not be negative"));
        if (warmup is { } w && w < TimeSpan.Zero) errors.Add(new(path + ".warmup", "must not be negative"));
        if (delayLoop is { } dl && dl <= TimeSpan.Zero) errors.Add(new(path + ".delay_loop", "must be positive"));
    }

    private static void ValidatePort(int port, string path, List<CheckerOptionsError> errors, bool allowZero)
    {
        if (port < (allowZero ? 0 : 1) || port > 65535) errors.Add(new(path, $"{port} is not a port ({(allowZero ? 0 : 1)}-65535)"));
    }

    private static void ValidateCommand(EquatableList<string> argv, string path, List<CheckerOptionsError> errors, bool optional)
    {
        if (argv.Count == 0)
        {
            if (!optional) errors.Add(new(path, "a program is required"));
            return;
        }
        if (string.IsNullOrWhiteSpace(argv[0])) errors.Add(new(path, "the program name is empty"));
        if (argv.Any(a => a is null || a.Contains('\0'))) errors.Add(new(path, "an argument contains NUL"));
    }

    private static bool IsValidHeaderValue(string value) => value.Length > 0 && !value.Any(char.IsControl);
}

using System.Net;
using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Scripts;

namespace LvsDirector.Checkers.Checks;

/// <summary>The real probes.</summary>
internal sealed class HealthCheckFactory(TimeProvider timeProvider, IScriptRunner scriptRunner) : IHealthCheckFactory
{
    public const int DefaultSmtpPort = 25;
    public const int DefaultDnsPort = 53;

    public IHealthCheck Create(ResolvedCheck check)
    {
        var options = check.Options;
        var endpoint = new CheckEndpoint(check.Target, options.BindTo, options.BindInterface, options.BindPort, options.FirewallMark);
        return options switch
        {
            HttpGetCheckOptions http => new HttpGetChecker(http,
                check.Target.Port == 0 ? endpoint with { Target = new IPEndPoint(check.Target.Address, http.Tls ? 443 : 80) } : endpoint,
                check.VirtualHost, check.ConnectTimeout, timeProvider),
            TcpCheckOptions => new TcpChecker(endpoint, check.ConnectTimeout, timeProvider),
            SmtpCheckOptions smtp => new SmtpChecker(SmtpHosts(smtp, endpoint, check.ConnectTimeout), smtp.HeloName ?? Dns.GetHostName(), timeProvider),
            DnsCheckOptions dns => new DnsChecker(WithDefaultPort(endpoint, DefaultDnsPort), dns.Type, dns.Name, check.ConnectTimeout, timeProvider),
            UdpCheckOptions udp => new UdpChecker(endpoint, udp, check.ConnectTimeout, timeProvider),
            PingCheckOptions => new PingChecker(endpoint, check.ConnectTimeout, timeProvider),
            MiscCheckOptions misc => new MiscChecker(misc, misc.Timeout ?? check.DelayLoop, scriptRunner, check.ScriptUser),
            FileCheckOptions file => new FileChecker(file, timeProvider),
            _ => throw new ArgumentException($"unknown check type {options.GetType().Name}", nameof(check)),
        };
    }

    private static IReadOnlyList<SmtpChecker.Host> SmtpHosts(SmtpCheckOptions smtp, CheckEndpoint endpoint, TimeSpan connectTimeout)
    {
        var own = WithDefaultPort(endpoint, DefaultSmtpPort);
        if (smtp.Hosts.Count == 0) return [new SmtpChecker.Host(own, connectTimeout)];
        return smtp.Hosts.Select(h => new SmtpChecker.Host(new CheckEndpoint(
            new IPEndPoint(h.ConnectIp ?? own.Target.Address, h.ConnectPort ?? own.Target.Port),
            h.BindTo ?? own.BindTo, h.BindInterface ?? own.BindInterface, h.BindPort ?? own.BindPort, h.FirewallMark ?? own.FirewallMark),
            h.ConnectTimeout ?? connectTimeout)).ToList();
    }

    private static CheckEndpoint WithDefaultPort(CheckEndpoint endpoint, int port) =>
        endpoint.Target.Port != 0 ? endpoint : endpoint with { Target = new IPEndPoint(endpoint.Target.Address, port) };
}

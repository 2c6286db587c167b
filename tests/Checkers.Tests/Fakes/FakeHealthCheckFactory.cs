using LvsDirector.Checkers.Checks;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Tests.Fakes;

/// <summary>Hands out one <see cref="FakeHealthCheck"/> per (real server, check kind, target port); tests reach them by key.</summary>
internal sealed class FakeHealthCheckFactory : IHealthCheckFactory
{
    private readonly Dictionary<string, FakeHealthCheck> _checks = [];

    public List<ResolvedCheck> Created { get; } = [];

    public IHealthCheck Create(ResolvedCheck check)
    {
        Created.Add(check);
        return Get(check.RealServer, check.Kind, check.Target.Port);
    }

    public FakeHealthCheck Get(RealServerKey realServer, CheckKind kind = CheckKind.Tcp, int? port = null)
    {
        var key = $"{realServer}/{kind}/{port ?? realServer.Port}";
        lock (_checks)
        {
            if (!_checks.TryGetValue(key, out var check)) _checks[key] = check = new FakeHealthCheck();
            return check;
        }
    }
}

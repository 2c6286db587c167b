using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Checks;

/// <summary>Builds the probe for a resolved check; a seam so scheduling and health logic run against fakes in tests.</summary>
internal interface IHealthCheckFactory
{
    IHealthCheck Create(ResolvedCheck check);
}

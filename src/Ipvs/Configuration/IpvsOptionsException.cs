namespace LvsDirector.Ipvs.Configuration;

/// <summary>Options were rejected before anything was applied; <see cref="Errors"/> lists every problem.</summary>
public sealed class IpvsOptionsException : Exception
{
    public IpvsOptionsException(IReadOnlyList<IpvsOptionsError> errors)
        : base("invalid IPVS options: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<IpvsOptionsError> Errors { get; }
}

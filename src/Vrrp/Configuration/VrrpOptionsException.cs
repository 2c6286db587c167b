namespace LvsDirector.Vrrp.Configuration;

/// <summary>Thrown by <c>VrrpRouter.ApplyAsync</c> when the options are invalid; nothing was changed.</summary>
public sealed class VrrpOptionsException : Exception
{
    public VrrpOptionsException(IReadOnlyList<VrrpOptionsError> errors)
        : base("invalid VRRP options:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public IReadOnlyList<VrrpOptionsError> Errors { get; }
}

namespace LvsDirector.Checkers.Configuration;

/// <summary>Thrown by <c>CheckerService.ApplyAsync</c> for invalid options, before any running state is touched.</summary>
public sealed class CheckerOptionsException(IReadOnlyList<CheckerOptionsError> errors)
    : Exception("invalid checker options: " + string.Join("; ", errors))
{
    public IReadOnlyList<CheckerOptionsError> Errors { get; } = errors;
}

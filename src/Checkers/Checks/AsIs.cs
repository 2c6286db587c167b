namespace LvsDirector.Checkers.Checks;

/// <summary>The completion that changes nothing: the value itself as the result, and every error thrown to the caller.</summary>
internal readonly struct AsIs<T> : IProbeCompletion<T, T>
{
    public T Completed(T value) => value;

    public bool TryFail(Exception error, out T result)
    {
        result = default!;
        return false;
    }
}

namespace LvsDirector.Checkers.Configuration;

/// <summary>One entry of <c>status_code</c>: a code (<c>200</c>) or an inclusive range (<c>200-299</c>).</summary>
public readonly record struct StatusCodeRange(int From, int To)
{
    public static StatusCodeRange Single(int code) => new(code, code);

    public bool Contains(int code) => code >= From && code <= To;

    public override string ToString() => From == To ? From.ToString() : $"{From}-{To}";
}

namespace LvsDirector.Config.Lexing;

/// <summary>
/// Interns the words of one load: keywords and small values ("real_server", "weight", "1") repeat hundreds
/// of thousands of times in a large configuration, and one string each is enough.
/// </summary>
internal sealed class TokenPool
{
    // Keywords and small values are a few hundred words; addresses, names and ports of a large configuration
    // are mostly unique, and pooling them would only grow the table (issue 2: 100,000 real servers).
    private const int MaxEntries = 1 << 12;
    private const int MaxLength = 32;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TokenPool() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength) return text.ToString();
        if (_lookup.TryGetValue(text, out var existing)) return existing;
        var s = text.ToString();
        if (_pool.Count < MaxEntries) _pool[s] = s;
        return s;
    }
}

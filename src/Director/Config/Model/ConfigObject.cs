namespace LvsDirector.Config.Model;

/// <summary>
/// A block of the effective configuration: keys named after keepalived keywords (snake_case),
/// in the order first written, then defaults.
/// </summary>
internal sealed record ConfigObject : ConfigValue
{
    // The entries in an array of its own rather than a List: a large configuration has 300,000 objects, most
    // with 2–6 keys, and binding knows how many keys a block will get (its statements plus defaults).
    private KeyValuePair<string, ConfigValue>[] _entries;
    private int _count;

    public ConfigObject(SourceLocation location, int capacity = 0) : base(location) =>
        _entries = capacity > 0 ? new KeyValuePair<string, ConfigValue>[capacity] : [];

    public ReadOnlySpan<KeyValuePair<string, ConfigValue>> Entries => _entries.AsSpan(0, _count);

    public ConfigValue? this[string key]
    {
        get
        {
            var entries = _entries;
            for (var i = 0; i < _count; i++)
                if (entries[i].Key == key) return entries[i].Value;
            return null;
        }
    }

    public bool Contains(string key) => this[key] is not null;

    /// <summary>Sets a key, replacing an earlier value (a keyword written twice: the last wins, as in keepalived).</summary>
    public void Set(string key, ConfigValue value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries[i] = new(key, value);
                return;
            }
        }
        if (_count == _entries.Length) Array.Resize(ref _entries, Math.Max(4, _count * 2));
        _entries[_count++] = new(key, value);
    }

    /// <summary>Appends to the array under <paramref name="key"/>, creating it.</summary>
    public void Append(string key, ConfigValue value)
    {
        if (this[key] is ConfigArray array)
        {
            array.Items.Add(value);
            return;
        }
        Set(key, new ConfigArray(new List<ConfigValue>(1) { value }, value.Location));
    }

    public void Remove(string key)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
            if (_entries[i].Key != key) _entries[kept++] = _entries[i];
        Array.Clear(_entries, kept, _count - kept);
        _count = kept;
    }

    public string? GetString(string key) => this[key] is ConfigString s ? s.Value : null;
    public long? GetInteger(string key) => this[key] is ConfigInteger i ? i.Value : null;
    public double? GetNumber(string key) => this[key] switch { ConfigNumber n => n.Value, ConfigInteger i => i.Value, _ => null };
    public bool GetBool(string key) => this[key] is ConfigBool { Value: true };
    public ConfigObject? GetObject(string key) => this[key] as ConfigObject;

    /// <summary>The blocks under <paramref name="key"/> (one, or those of an array); enumerating allocates nothing.</summary>
    public ConfigObjects GetObjects(string key) => new(this[key]);

    /// <summary>The values under <paramref name="key"/> (one, or the items of an array); enumerating allocates nothing.</summary>
    public ConfigItems GetItems(string key) => new(this[key]);
}

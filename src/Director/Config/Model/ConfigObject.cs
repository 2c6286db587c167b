namespace LvsDirector.Config.Model;

/// <summary>
/// A block of the effective configuration: keys named after keepalived keywords (snake_case),
/// in the order first written, then defaults.
/// </summary>
internal sealed record ConfigObject(SourceLocation Location) : ConfigValue(Location)
{
    private readonly List<KeyValuePair<string, ConfigValue>> _entries = new();

    public IReadOnlyList<KeyValuePair<string, ConfigValue>> Entries => _entries;

    public ConfigValue? this[string key]
    {
        get
        {
            foreach (var entry in _entries)
                if (entry.Key == key) return entry.Value;
            return null;
        }
    }

    public bool Contains(string key) => this[key] is not null;

    /// <summary>Sets a key, replacing an earlier value (a keyword written twice: the last wins, as in keepalived).</summary>
    public void Set(string key, ConfigValue value)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries[i] = new(key, value);
                return;
            }
        }
        _entries.Add(new(key, value));
    }

    /// <summary>Appends to the array under <paramref name="key"/>, creating it.</summary>
    public void Append(string key, ConfigValue value)
    {
        if (this[key] is ConfigArray array)
        {
            array.Items.Add(value);
            return;
        }
        Set(key, new ConfigArray(new List<ConfigValue> { value }, value.Location));
    }

    public void Remove(string key) => _entries.RemoveAll(e => e.Key == key);

    public string? GetString(string key) => this[key] is ConfigString s ? s.Value : null;
    public long? GetInteger(string key) => this[key] is ConfigInteger i ? i.Value : null;
    public double? GetNumber(string key) => this[key] switch { ConfigNumber n => n.Value, ConfigInteger i => i.Value, _ => null };
    public bool GetBool(string key) => this[key] is ConfigBool { Value: true };
    public ConfigObject? GetObject(string key) => this[key] as ConfigObject;

    public IEnumerable<ConfigObject> GetObjects(string key) => this[key] switch
    {
        ConfigArray a => a.Items.OfType<ConfigObject>(),
        ConfigObject o => new[] { o },
        _ => Array.Empty<ConfigObject>(),
    };

    public IEnumerable<ConfigValue> GetItems(string key) => this[key] switch
    {
        ConfigArray a => a.Items,
        null => Array.Empty<ConfigValue>(),
        var v => new[] { v },
    };
}

using System.Collections;

namespace LvsDirector.Config.Model;

/// <summary>
/// The values under one key of a <see cref="ConfigObject"/>: the items of a <see cref="ConfigArray"/>, or the one
/// value, or none. A struct with a struct enumerator, so the binders' and validators' loops over 100,000 real
/// servers allocate nothing; LINQ still works through the interfaces.
/// </summary>
internal readonly struct ConfigItems : IReadOnlyCollection<ConfigValue>
{
    private readonly ConfigValue? _value;

    public ConfigItems(ConfigValue? value) => _value = value;

    public int Count => _value switch { ConfigArray a => a.Items.Count, null => 0, _ => 1 };

    public Enumerator GetEnumerator() => new(_value);
    IEnumerator<ConfigValue> IEnumerable<ConfigValue>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<ConfigValue>
    {
        private readonly ConfigValue? _single;
        private readonly List<ConfigValue>? _items;
        private int _index;

        public Enumerator(ConfigValue? value)
        {
            _items = (value as ConfigArray)?.Items;
            _single = _items is null ? value : null;
            _index = -1;
            Current = null!;
        }

        public ConfigValue Current { get; private set; }
        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            _index++;
            if (_items is not null)
            {
                if (_index >= _items.Count) return false;
                Current = _items[_index];
                return true;
            }
            if (_index > 0 || _single is null) return false;
            Current = _single;
            return true;
        }

        public void Reset() => _index = -1;
        public void Dispose() { }
    }
}

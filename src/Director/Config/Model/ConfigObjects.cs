using System.Collections;

namespace LvsDirector.Config.Model;

/// <summary>
/// The blocks under one key of a <see cref="ConfigObject"/>: the objects of a <see cref="ConfigArray"/> (other
/// items skipped), or the one object, or none. Allocation-free to enumerate, like <see cref="ConfigItems"/>.
/// </summary>
internal readonly struct ConfigObjects : IEnumerable<ConfigObject>
{
    private readonly ConfigValue? _value;

    public ConfigObjects(ConfigValue? value) => _value = value;

    public Enumerator GetEnumerator() => new(new ConfigItems(_value).GetEnumerator());
    IEnumerator<ConfigObject> IEnumerable<ConfigObject>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public struct Enumerator : IEnumerator<ConfigObject>
    {
        private ConfigItems.Enumerator _items;

        public Enumerator(ConfigItems.Enumerator items)
        {
            _items = items;
            Current = null!;
        }

        public ConfigObject Current { get; private set; }
        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (_items.MoveNext())
            {
                if (_items.Current is ConfigObject o)
                {
                    Current = o;
                    return true;
                }
            }
            return false;
        }

        public void Reset() => _items.Reset();
        public void Dispose() { }
    }
}

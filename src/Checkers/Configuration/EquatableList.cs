using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// An immutable list compared by value, so options records that hold lists stay value-equal
/// (record equality would otherwise compare collections by reference and every reload would look like a change).
/// </summary>
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly ImmutableArray<T> _items;

    public EquatableList(IEnumerable<T> items) => _items = items.ToImmutableArray();

    private EquatableList(ImmutableArray<T> items) => _items = items;

    /// <summary>The empty list.</summary>
    public static EquatableList<T> Empty { get; } = new(ImmutableArray<T>.Empty);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(EquatableList<T>? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_items.Length != other._items.Length) return false;
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!comparer.Equals(_items[i], other._items[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    internal static EquatableList<T> FromArray(ImmutableArray<T> items) => items.IsEmpty ? Empty : new(items);
}

/// <summary>Factory for <see cref="EquatableList{T}"/>; also the collection-expression builder.</summary>
public static class EquatableList
{
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => EquatableList<T>.FromArray(ImmutableArray.Create(items));

    public static EquatableList<T> ToEquatableList<T>(this IEnumerable<T> items) => EquatableList<T>.FromArray(items.ToImmutableArray());
}

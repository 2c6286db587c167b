using System.Globalization;

namespace LvsDirector.Config.Model;

/// <summary>A typed value of the effective configuration, with where it was written (None for defaults).</summary>
internal abstract record ConfigValue(SourceLocation Location);

internal sealed record ConfigBool(bool Value, SourceLocation Location) : ConfigValue(Location);

/// <summary>An integer (weights, ids, counts).</summary>
internal sealed record ConfigInteger(long Value, SourceLocation Location) : ConfigValue(Location);

/// <summary>A number of seconds, or another real number.</summary>
internal sealed record ConfigNumber(double Value, SourceLocation Location) : ConfigValue(Location)
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A string: names, paths, addresses ("192.0.2.1/24"), enum words.</summary>
internal sealed record ConfigString(string Value, SourceLocation Location) : ConfigValue(Location)
{
    /// <summary>
    /// For an address the parser checked: the parsed address, so that the binders (IPVS and checkers, each for
    /// 100,000 real servers) share it instead of parsing the text again. Never written to.
    /// </summary>
    public System.Net.IPAddress? Address { get; init; }
}

internal sealed record ConfigArray(List<ConfigValue> Items, SourceLocation Location) : ConfigValue(Location);

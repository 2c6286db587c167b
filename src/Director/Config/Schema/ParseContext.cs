using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Schema;

/// <summary>What a value parser needs: where it is, and where to report problems.</summary>
internal sealed class ParseContext
{
    public ParseContext(ConfigDiagnostics diagnostics) => Diagnostics = diagnostics;

    public ConfigDiagnostics Diagnostics { get; }

    /// <summary>The line being read.</summary>
    public SourceLocation Location { get; set; }

    /// <summary>The block being filled, so a parser can set a companion key (e.g. a weight's "reverse").</summary>
    public ConfigObject? Target { get; set; }

    /// <summary>
    /// The block whose header line a block's parser is reading (<c>real_server IP PORT {</c>), or null. Such a
    /// parser writes into it (<see cref="HeaderObj"/>) rather than into an object that would be copied over
    /// (100,000 real servers in a large configuration).
    /// </summary>
    public ConfigObject? Header { get; set; }

    /// <summary>The section being read (for messages).</summary>
    public string Section { get; set; } = "";

    public void Warning(string message) => Diagnostics.Warning(Location, message);
    public void Error(string message) => Diagnostics.Error(Location, message);
    public void Fatal(string message) => Diagnostics.Fatal(Location, message);

    public ConfigString Str(string value) => new(value, Location);
    public ConfigInteger Int(long value) => new(value, Location);
    public ConfigNumber Num(double value) => new(value, Location);
    public ConfigBool Bool(bool value) => new(value, Location);
    public ConfigObject Obj() => new(Location);
    public ConfigObject HeaderObj() => Header ?? new(Location);

    public static bool TryParseBool(string word, out bool value)
    {
        switch (word.ToLowerInvariant())
        {
            case "on": case "true": case "yes": value = true; return true;
            case "off": case "false": case "no": value = false; return true;
            default: value = false; return false;
        }
    }

    public bool TryInteger(string keyword, string word, long min, long max, out long value)
    {
        if (!long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            Error($"{keyword}: '{word}' is not a whole number");
            return false;
        }
        if (value < min || value > max)
        {
            Error($"{keyword}: {value} is out of range [{min}, {max}]");
            return false;
        }
        return true;
    }

    /// <summary>Seconds with a fraction; keepalived keeps microseconds.</summary>
    public bool TryTimer(string keyword, string word, double min, double max, out double seconds)
    {
        if (!double.TryParse(word, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds)
            || double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            Error($"{keyword}: '{word}' is not a number of seconds");
            return false;
        }
        seconds = Math.Round(seconds * 1_000_000) / 1_000_000;
        if (seconds < min || seconds > max)
        {
            Error($"{keyword}: {word} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            return false;
        }
        return true;
    }

    /// <summary>A strict IPv4 (four dotted decimals) or IPv6 address; no scope ids except on link-local IPv6.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0 || text.Length > 64) return false;
        if (text.Contains(':'))
        {
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }
        // Four dotted decimals of 1 to 3 digits, each at most 255 (checked in place: 100,000 real servers).
        var parts = 0;
        var rest = text.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var part = dot < 0 ? rest : rest[..dot];
            if (++parts > 4 || part.Length is 0 or > 3 || part.ContainsAnyExceptInRange('0', '9')
                || int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
            if (dot < 0) break;
            rest = rest[(dot + 1)..];
        }
        if (parts != 4) return false;
        return IPAddress.TryParse(text, out address!);
    }

    /// <summary>The canonical text of <paramref name="address"/>: <paramref name="written"/> itself when it is already canonical.</summary>
    public static string AddressText(IPAddress address, string written)
    {
        Span<char> buffer = stackalloc char[64];
        return address.TryFormat(buffer, out var length) && buffer[..length].SequenceEqual(written) ? written : address.ToString();
    }

    public bool TryAddress(string keyword, string word, out IPAddress address)
    {
        if (TryParseAddress(word, out address)) return true;
        Error($"{keyword}: '{word}' is not a valid IP address");
        return false;
    }

    /// <summary>ADDR[/LEN]: the address and prefix length (32 or 128 when omitted).</summary>
    public bool TryPrefix(string keyword, string word, out IPAddress address, out int prefix)
    {
        prefix = -1;
        var slash = word.IndexOf('/');
        var addressText = slash < 0 ? word : word[..slash];
        if (!TryParseAddress(addressText, out address))
        {
            Error($"{keyword}: '{word}' is not a valid IP address or prefix");
            return false;
        }
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            prefix = maxPrefix;
            return true;
        }
        var lengthText = word[(slash + 1)..];
        if (int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) && prefix <= maxPrefix) return true;
        // keepalived also accepts a dotted netmask after '/'.
        if (address.AddressFamily == AddressFamily.InterNetwork && TryParseAddress(lengthText, out var mask) && TryMaskLength(mask, out prefix)) return true;
        Error($"{keyword}: '{word}' has an invalid prefix length '{lengthText}' (0..{maxPrefix})");
        return false;
    }

    public static bool TryMaskLength(IPAddress mask, out int length)
    {
        var bytes = mask.GetAddressBytes();
        var bits = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        length = BitOperations.PopCount(bits);
        return bits == (length == 0 ? 0u : uint.MaxValue << (32 - length));
    }

    public static string FormatPrefix(IPAddress address, int prefix) => $"{address}/{prefix}";
}

file static class BitOperations
{
    public static int PopCount(uint value) => System.Numerics.BitOperations.PopCount(value);
}

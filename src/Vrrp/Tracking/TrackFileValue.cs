using System.Globalization;

namespace LvsDirector.Vrrp.Tracking;

/// <summary>Reads a track_file's content as keepalived does (strtol: leading blanks, sign, digits; anything else is 0).</summary>
internal static class TrackFileValue
{
    public static long Parse(ReadOnlySpan<char> content)
    {
        var s = content.TrimStart();
        var end = 0;
        if (end < s.Length && s[end] is '+' or '-') end++;
        var digitsStart = end;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        if (end == digitsStart) return 0;
        return long.TryParse(s[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : s[0] == '-' ? long.MinValue : long.MaxValue;
    }
}

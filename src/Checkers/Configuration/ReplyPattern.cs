using System.Globalization;

namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// <c>require_reply HEX</c>: a prefix the UDP reply must start with; an <c>X</c> nibble matches anything.
/// Stored as bytes plus a mask (0xF0/0x0F per nibble), so it is value-equal and cheap to test.
/// </summary>
public sealed record ReplyPattern(EquatableList<byte> Bytes, EquatableList<byte> Mask)
{
    /// <summary>Parses hex text such as <c>0a1X</c>; false on odd length or a bad digit.</summary>
    public static bool TryParse(string hex, out ReplyPattern? pattern)
    {
        pattern = null;
        if (hex.Length == 0 || hex.Length % 2 != 0) return false;
        var bytes = new byte[hex.Length / 2];
        var mask = new byte[hex.Length / 2];
        for (var i = 0; i < hex.Length; i++)
        {
            var c = hex[i];
            int value, m;
            if (c is 'x' or 'X')
            {
                value = 0;
                m = 0;
            }
            else if (int.TryParse(c.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value))
            {
                m = 0xF;
            }
            else
            {
                return false;
            }
            var shift = i % 2 == 0 ? 4 : 0;
            bytes[i / 2] |= (byte)(value << shift);
            mask[i / 2] |= (byte)(m << shift);
        }
        pattern = new ReplyPattern(bytes.ToEquatableList(), mask.ToEquatableList());
        return true;
    }

    /// <summary>True when <paramref name="reply"/> starts with this pattern.</summary>
    public bool Matches(ReadOnlySpan<byte> reply)
    {
        if (reply.Length < Bytes.Count) return false;
        for (var i = 0; i < Bytes.Count; i++)
        {
            if ((reply[i] & Mask[i]) != (Bytes[i] & Mask[i])) return false;
        }
        return true;
    }
}

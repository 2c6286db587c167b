using LvsDirector.TestSupport;

namespace LvsDirector.Vrrp.Tests.Golden;

/// <summary>Access to the keepalived-captured frames in shared/golden/vrrp.</summary>
internal static class GoldenFrames
{
    public static string Directory => Path.Combine(Prerequisites.SharedRoot, "golden", "vrrp");

    /// <summary>The single Ethernet frame of NAME.pcap.</summary>
    public static byte[] Frame(string name)
    {
        var frames = PcapFile.ReadFrames(Path.Combine(Directory, name + ".pcap"));
        Assert.Single(frames);
        return frames[0];
    }

    /// <summary>The tshark -V decode of NAME.pcap.</summary>
    public static string Decode(string name) => File.ReadAllText(Path.Combine(Directory, name + ".txt"));

    /// <summary>The value after "<paramref name="label"/>: " of its first occurrence in the decode.</summary>
    public static string Field(string decode, string label)
    {
        var all = Fields(decode, label);
        if (all.Count > 0) return all[0];
        throw new Xunit.Sdk.XunitException($"field '{label}' not found in the golden decode");
    }

    /// <summary>Every value of a repeated field, in order; a label matches at the start of a line or after the "= " of a bit-field line.</summary>
    public static IReadOnlyList<string> Fields(string decode, string label)
    {
        var values = new List<string>();
        foreach (var raw in decode.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(label + ": ", StringComparison.Ordinal))
                values.Add(line[(label.Length + 2)..].Trim());
            else if (line.IndexOf("= " + label + ": ", StringComparison.Ordinal) is var at and >= 0)
                values.Add(line[(at + label.Length + 4)..].Trim());
        }
        return values;
    }

    /// <summary>The first whitespace-separated token of a field ("150 (Non-default backup priority)" → "150").</summary>
    public static string FirstToken(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
}

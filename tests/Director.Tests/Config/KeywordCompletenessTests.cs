using System.Text.RegularExpressions;
using LvsDirector.Config.Schema;
using LvsDirector.TestSupport;

namespace LvsDirector.Director.Tests.Config;

/// <summary>Every keyword of keepalived's inventory is recognised: stored in the model, or accepted with a warning naming it.</summary>
public class KeywordCompletenessTests
{
    // Sections of keepalived-keywords.md whose tables list configuration keywords (not syntax, CLI or signals).
    private static readonly Regex SectionHeading = new(@"^#{2,3} (\d+)(?:\.(\d+))?");

    private static HashSet<string> SchemaKeywords()
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<SectionSchema>();
        void Walk(SectionSchema s)
        {
            if (!seen.Add(s)) return;
            foreach (var k in s.Keywords)
            {
                all.Add(k.Name);
                if (k.Block is not null) Walk(k.Block);
            }
        }
        Walk(KeepalivedSchema.Root);
        return all;
    }

    public static IEnumerable<object[]> InventoryKeywords()
    {
        var path = Path.Combine(Prerequisites.SharedRoot, "reference", "keepalived-keywords.md");
        var section = 0;
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var heading = SectionHeading.Match(line);
            if (heading.Success) section = int.Parse(heading.Groups[1].Value);
            if (section is < 2 or > 11 or 7 || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
            var firstCell = line.Split('|')[1];
            foreach (Match m in Regex.Matches(firstCell, "`([^`]+)`"))
            {
                var word = m.Groups[1].Value.Split(' ')[0];
                // Placeholders and argument syntax are not keywords.
                if (!Regex.IsMatch(word, "^[a-zA-Z][a-zA-Z0-9_-]*$") || word is "IP" || (word.Contains('-') && word == word.ToUpperInvariant())) continue;
                foreach (var part in word.Split('/')) result.Add(part);
            }
        }
        return result.Select(k => new object[] { k });
    }

    [Fact]
    public void Inventory_IsReadable()
    {
        Assert.True(InventoryKeywords().Count() > 300);
    }

    [Theory]
    [MemberData(nameof(InventoryKeywords))]
    public void Keyword_FromInventory_IsRecognised(string keyword)
    {
        Assert.Contains(keyword, SchemaKeywords());
    }
}

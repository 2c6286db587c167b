using System.Net;
using System.Text;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Binding;

/// <summary>Small readers shared by the binders that turn the effective model into library options.</summary>
internal static class BindingHelpers
{
    public static TimeSpan? Seconds(ConfigObject o, string key) => o.GetNumber(key) is { } s ? TimeSpan.FromSeconds(s) : null;

    public static int? Int(ConfigObject o, string key) => o.GetInteger(key) is { } v ? (int)Math.Clamp(v, int.MinValue, int.MaxValue) : null;

    public static bool? OptionalBool(ConfigObject o, string key) => o[key] is ConfigBool b ? b.Value : null;

    /// <summary>The address of an "ADDR[/LEN]" value, or null.</summary>
    public static IPAddress? Address(ConfigObject o, string key)
    {
        if (o[key] is ConfigString { Address: { } parsed }) return parsed;
        if (o.GetString(key) is not { } s) return null;
        var slash = s.IndexOf('/');
        return IPAddress.TryParse(slash < 0 ? s : s.AsSpan(0, slash), out var a) ? a : null;
    }

    /// <summary>
    /// keepalived runs scripts without a shell: the command is split into argv on whitespace, with
    /// single and double quotes grouping words.
    /// </summary>
    public static List<string> SplitCommand(string command)
    {
        var argv = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
                continue;
            }
            if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) argv.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) argv.Add(word.ToString());
        return argv;
    }

    /// <summary>A script spec object's command line, or null.</summary>
    public static string? Command(ConfigObject o, string key) => o.GetObject(key)?.GetString("command");
}

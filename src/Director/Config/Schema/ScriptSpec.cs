using LvsDirector.Config.Model;

namespace LvsDirector.Config.Schema;

/// <summary>Reads keepalived's script spec into <c>{"command", "user", "group"}</c>.</summary>
internal static class ScriptSpec
{
    public static ConfigObject? Parse(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error($"'{keyword}' needs a script");
            return null;
        }
        var obj = c.Obj();
        // A quoted first word carries the command and its arguments; the words after it are the user and group.
        if (args[0].Contains(' ') || args[0].Contains('\t') || args.Length == 1)
        {
            obj.Set("command", c.Str(args[0]));
            if (args.Length >= 2) obj.Set("user", c.Str(args[1]));
            if (args.Length >= 3) obj.Set("group", c.Str(args[2].TrimStart(':')));
            if (args.Length > 3) c.Warning($"'{keyword}': extra words after the group ignored");
        }
        else
        {
            obj.Set("command", c.Str(string.Join(' ', args)));
        }
        return obj;
    }
}

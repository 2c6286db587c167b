using LvsDirector.Config.Model;

namespace LvsDirector.Config.Validation;

/// <summary>
/// Script security as keepalived defines it: a script run as root must not be writable by anyone but
/// root, along its whole path. Under enable_script_security unsafe scripts are refused; without it,
/// configuring scripts at all is reported (keepalived -t exit 5). Environment facts (a missing
/// script) are warnings, since the machine checking may not be the one running.
/// </summary>
internal static class ScriptValidator
{
    public static void Validate(ConfigObject model, ConfigObject global, ConfigDiagnostics d, ConfigLoadOptions options)
    {
        var secure = global.GetBool("enable_script_security");
        var scripts = new List<(ConfigObject Spec, string Where)>();
        Collect(model, null, scripts);
        if (scripts.Count == 0) return;
        if (!secure)
        {
            d.Add(new ConfigDiagnostic(DiagnosticSeverity.Warning, scripts[0].Spec.Location,
                $"SECURITY VIOLATION - {scripts.Count} script(s) configured but enable_script_security is not set") { IsScriptSecurity = true });
        }
        if (!options.CheckEnvironment) return;
        foreach (var (spec, where) in scripts)
        {
            var command = spec.GetString("command") ?? "";
            var path = FirstWord(command);
            if (path.Length == 0 || !path.StartsWith('/')) continue; // a shell built-in or PATH lookup: nothing to stat
            if (!File.Exists(path))
            {
                d.Warning(spec.Location, $"{where}: script {path} does not exist on this machine");
                continue;
            }
            var info = new FileInfo(path);
            if ((info.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            {
                d.Warning(spec.Location, $"{where}: script {path} is not executable");
            }
            if (UnsafeComponent(path) is { } unsafeReason)
            {
                if (secure) d.Error(spec.Location, $"{where}: unsafe permissions on script {path}: {unsafeReason}: script disabled");
                else d.Warning(spec.Location, $"{where}: script {path} would be refused under enable_script_security: {unsafeReason}");
            }
        }
    }

    private static string FirstWord(string command)
    {
        var trimmed = command.TrimStart();
        var space = trimmed.IndexOfAny([' ', '\t']);
        return space < 0 ? trimmed : trimmed[..space];
    }

    /// <summary>Names the first path component writable by a non-root user (group or other write), or null.</summary>
    internal static string? UnsafeComponent(string path)
    {
        var current = path;
        while (!string.IsNullOrEmpty(current))
        {
            try
            {
                var mode = File.GetUnixFileMode(current);
                var isDir = Directory.Exists(current);
                var sticky = isDir && (mode & UnixFileMode.StickyBit) != 0;
                if (!sticky && (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                    return $"{current} is writable by group or others ({Convert.ToString((int)mode & 0x1ff, 8)})";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
            if (current == "/") break;
            current = Path.GetDirectoryName(current);
        }
        return null;
    }

    // Where a script was found; the text ("vrrp_instance VI_1 > notify_master") is built only for scripts.
    private sealed record PathPart(PathPart? Parent, string Key, ConfigObject? Named)
    {
        public override string ToString()
        {
            var name = Named?.GetString("name") ?? Named?.GetString("ip");
            var here = name is null ? Key : $"{Key} {name}";
            return Parent is null ? here : $"{Parent} > {here}";
        }
    }

    // This walks every block of the model (300,000 in a large configuration): a path part is made only on the way to a script.
    private static void Collect(ConfigObject obj, PathPart? path, List<(ConfigObject, string)> into)
    {
        foreach (var (key, value) in obj.Entries)
        {
            switch (value)
            {
                case ConfigObject child when IsScript(child):
                    into.Add((child, new PathPart(path, key, null).ToString()));
                    break;
                case ConfigObject child:
                    if (HoldsScripts(child)) Collect(child, new PathPart(path, key, null), into);
                    break;
                case ConfigArray array:
                    foreach (var item in array.Items)
                    {
                        if (item is not ConfigObject o) continue;
                        if (IsScript(o)) into.Add((o, new PathPart(path, key, null).ToString()));
                        else if (HoldsScripts(o)) Collect(o, new PathPart(path, key, o), into);
                    }
                    break;
            }
        }
    }

    private static bool IsScript(ConfigObject o)
    {
        var entries = o.Entries;
        if (entries.Length is 0 or > 3 || !o.Contains("command")) return false;
        for (var i = 0; i < entries.Length; i++)
            if (entries[i].Key is not ("command" or "user" or "group")) return false;
        return true;
    }

    // Whether a script is nested anywhere below: most real servers and checkers hold none.
    private static bool HoldsScripts(ConfigObject o)
    {
        foreach (var (_, value) in o.Entries)
        {
            switch (value)
            {
                case ConfigObject child when IsScript(child) || HoldsScripts(child):
                    return true;
                case ConfigArray array:
                    foreach (var item in array.Items)
                        if (item is ConfigObject c && (IsScript(c) || HoldsScripts(c))) return true;
                    break;
            }
        }
        return false;
    }
}

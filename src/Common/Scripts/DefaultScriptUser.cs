namespace LvsDirector.Common.Scripts;

/// <summary>
/// keepalived's default script user: script_user if set, else <c>keepalived_script</c> if that user
/// exists, else root (null = whoever we run as).
/// </summary>
internal static class DefaultScriptUser
{
    public const string KeepalivedScript = "keepalived_script";

    private static readonly Lazy<bool> KeepalivedScriptExists = new(() =>
    {
        try
        {
            return PasswdHasUser(File.ReadAllText("/etc/passwd"), KeepalivedScript);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    });

    public static string? Resolve(string? configured) => configured ?? (KeepalivedScriptExists.Value ? KeepalivedScript : null);

    /// <summary>Whether passwd(5) content has a line for <paramref name="user"/>.</summary>
    internal static bool PasswdHasUser(string passwd, string user) =>
        passwd.Split('\n').Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));
}

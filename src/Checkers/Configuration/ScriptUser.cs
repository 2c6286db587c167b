namespace LvsDirector.Checkers.Configuration;

/// <summary>
/// The user a script runs as, and its group (null = the user's primary group): keepalived's
/// <c>script [username [groupname]]</c> and global <c>script_user</c>.
/// </summary>
public sealed record ScriptUser(string User, string? Group = null);

using LvsDirector.Common.Scripts;
using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Scripts;

/// <summary>One process to start: argv, the user (null = the caller), extra environment.</summary>
internal sealed record ScriptLaunch(IReadOnlyList<string> Arguments, string? User, string? Group, IReadOnlyDictionary<string, string> Environment)
{
    public static ScriptLaunch From(VrrpScriptCommand command, VrrpScriptingOptions scripting, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null) =>
        new([.. command.Arguments, .. extraArguments ?? []],
            command.User ?? DefaultScriptUser.Resolve(scripting.ScriptUser),
            command.User is null ? scripting.ScriptGroup : command.Group,
            environment ?? new Dictionary<string, string>());
}

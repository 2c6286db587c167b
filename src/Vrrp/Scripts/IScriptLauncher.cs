namespace LvsDirector.Vrrp.Scripts;

/// <summary>Starts scripts; faked in tests.</summary>
internal interface IScriptLauncher
{
    /// <summary>Starts the process; throws (Win32Exception, IOException) when it cannot be started.</summary>
    IScriptProcess Start(ScriptLaunch launch);
}

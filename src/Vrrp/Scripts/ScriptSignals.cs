namespace LvsDirector.Vrrp.Scripts;

/// <summary>Linux signal numbers used on scripts.</summary>
internal static class ScriptSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
}

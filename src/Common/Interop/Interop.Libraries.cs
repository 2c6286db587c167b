namespace LvsDirector.Common.Interop;

/// <summary>Names of the native libraries we bind to. We target Linux only, so libc is called directly.</summary>
internal static class Libraries
{
    internal const string Libc = "libc";
}

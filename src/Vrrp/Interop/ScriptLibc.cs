using System.Runtime.InteropServices;
using LvsDirector.Common.Interop;

namespace LvsDirector.Vrrp.Interop;

/// <summary>libc functions of scripts and FIFOs: kill, mkfifo.</summary>
internal static partial class ScriptLibc
{
    /// <summary>kill(2); a negative pid signals the process group. ESRCH (already gone) is not an error here.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>mkfifo(3).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkfifo", SetLastError = true)]
    internal static unsafe partial int MkFifo(byte* path, uint mode);
}

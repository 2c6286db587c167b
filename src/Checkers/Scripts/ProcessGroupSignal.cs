using System.Runtime.InteropServices;

namespace LvsDirector.Checkers.Scripts;

/// <summary>kill(2) on a whole process group.</summary>
internal static partial class ProcessGroupSignal
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private const int Esrch = 3;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroupId"/>; false when the group is gone.</summary>
    public static bool Send(int processGroupId, int signal)
    {
        if (processGroupId <= 1) throw new ArgumentOutOfRangeException(nameof(processGroupId));
        if (kill(-processGroupId, signal) == 0) return true;
        // ESRCH: the group is already gone; anything else (EPERM) is also "not delivered".
        _ = Marshal.GetLastPInvokeError() == Esrch;
        return false;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}

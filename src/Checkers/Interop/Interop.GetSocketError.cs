using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

internal static partial class Libc
{
    private const int SoError = 4; // SO_ERROR, asm-generic/socket.h

    [LibraryImport(Libraries.Libc, EntryPoint = "getsockopt", SetLastError = true)]
    private static unsafe partial int GetSockOptNative(int fd, int level, int optionName, void* optionValue, uint* optionLength);

    /// <summary>getsockopt(SO_ERROR): the pending error of a socket (the outcome of a non-blocking connect), or -1 with errno.</summary>
    internal static unsafe int GetSocketError(int fd, out Errno error)
    {
        int value = 0;
        uint length = sizeof(int);
        var rc = GetSockOptNative(fd, SocketConstants.SOL_SOCKET, SoError, &value, &length);
        error = (Errno)value;
        return rc;
    }
}

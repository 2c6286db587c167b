using System.Runtime.InteropServices;

namespace LvsDirector.Common.Interop;

/// <summary>struct pollfd (poll.h): 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}

namespace LvsDirector.Vrrp.Tracking;

/// <summary>The proc connector events vrrp_track_process acts on (PROC_EVENT_* of include/uapi/linux/cn_proc.h).</summary>
internal enum ProcessEventKind
{
    /// <summary>A new process (the child of PROC_EVENT_FORK): it may match like its parent.</summary>
    Fork,

    /// <summary>PROC_EVENT_EXEC: the process runs a new program.</summary>
    Exec,

    /// <summary>PROC_EVENT_COMM: the process renamed itself (prctl PR_SET_NAME).</summary>
    Comm,

    /// <summary>PROC_EVENT_EXIT of a thread-group leader.</summary>
    Exit,

    /// <summary>The kernel dropped events (ENOBUFS): every tracker rescans /proc.</summary>
    Overrun,
}

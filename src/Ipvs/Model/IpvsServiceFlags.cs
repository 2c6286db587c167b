namespace LvsDirector.Ipvs.Model;

/// <summary>IP_VS_SVC_F_* (include/uapi/linux/ip_vs.h), sent as struct ip_vs_flags {flags, mask}.</summary>
[Flags]
public enum IpvsServiceFlags : uint
{
    None = 0,
    Persistent = 0x1,

    /// <summary>Kernel-internal ("the service is in the hash table"); reported in dumps, never sent, never compared.</summary>
    Hashed = 0x2,

    /// <summary>One-packet scheduling (ops).</summary>
    OnePacket = 0x4,
    Scheduler1 = 0x8,
    Scheduler2 = 0x10,
    Scheduler3 = 0x20,

    /// <summary>sh-fallback: IP_VS_SVC_F_SCHED_SH_FALLBACK = SCHED1.</summary>
    ShFallback = Scheduler1,

    /// <summary>sh-port: IP_VS_SVC_F_SCHED_SH_PORT = SCHED2.</summary>
    ShPort = Scheduler2,

    /// <summary>mh-fallback: the same bit as sh-fallback (keepalived's IP_VS_SVC_F_SCHED_MH_FALLBACK).</summary>
    MhFallback = Scheduler1,

    /// <summary>mh-port: the same bit as sh-port.</summary>
    MhPort = Scheduler2,

    /// <summary>Every bit a user may set (all but <see cref="Hashed"/>).</summary>
    UserSettable = Persistent | OnePacket | Scheduler1 | Scheduler2 | Scheduler3,
}

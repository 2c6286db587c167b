namespace LvsDirector.Ipvs.Netlink;

/// <summary>IPVS_CMD_* (include/uapi/linux/ip_vs.h), the genlmsghdr command byte.</summary>
internal enum IpvsCommand : byte
{
    Unspecified = 0,
    NewService = 1,
    SetService = 2,
    DeleteService = 3,
    GetService = 4,
    NewDestination = 5,
    SetDestination = 6,
    DeleteDestination = 7,
    GetDestination = 8,
    NewDaemon = 9,
    DeleteDaemon = 10,
    GetDaemon = 11,
    SetConfig = 12,
    GetConfig = 13,
    SetInfo = 14,
    GetInfo = 15,
    Zero = 16,
    Flush = 17,
}

namespace LvsDirector.Ipvs.Netlink;

/// <summary>IPVS netlink attribute numbers (include/uapi/linux/ip_vs.h), one nested class per attribute set.</summary>
internal static class IpvsAttribute
{
    /// <summary>IPVS_GENL_NAME.</summary>
    public const string FamilyName = "IPVS";

    /// <summary>IPVS_GENL_VERSION.</summary>
    public const byte FamilyVersion = 1;

    /// <summary>IPVS_CMD_ATTR_*: top level of every IPVS message.</summary>
    public static class Command
    {
        public const ushort Service = 1;       // IPVS_CMD_ATTR_SERVICE, nested IPVS_SVC_ATTR_*
        public const ushort Destination = 2;   // IPVS_CMD_ATTR_DEST, nested IPVS_DEST_ATTR_*
        public const ushort Daemon = 3;        // IPVS_CMD_ATTR_DAEMON, nested IPVS_DAEMON_ATTR_*
        public const ushort TimeoutTcp = 4;    // IPVS_CMD_ATTR_TIMEOUT_TCP, u32
        public const ushort TimeoutTcpFin = 5; // IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, u32
        public const ushort TimeoutUdp = 6;    // IPVS_CMD_ATTR_TIMEOUT_UDP, u32
    }

    /// <summary>IPVS_SVC_ATTR_*: inside IPVS_CMD_ATTR_SERVICE.</summary>
    public static class Service
    {
        public const ushort AddressFamily = 1;     // u16
        public const ushort Protocol = 2;          // u16
        public const ushort Address = 3;           // union nf_inet_addr (16 bytes; IPv4 in the first 4)
        public const ushort Port = 4;              // be16
        public const ushort FirewallMark = 5;      // u32
        public const ushort SchedulerName = 6;     // NUL string, <= 15 chars
        public const ushort Flags = 7;             // struct ip_vs_flags {u32 flags; u32 mask}
        public const ushort Timeout = 8;           // u32 seconds
        public const ushort Netmask = 9;           // IPv4: be32 mask; IPv6: u32 prefix length
        public const ushort Stats = 10;            // nested IPVS_STATS_ATTR_*, mixed widths
        public const ushort PersistenceEngine = 11; // NUL string (2.6.37)
        public const ushort Stats64 = 12;          // nested IPVS_STATS_ATTR_*, u64 (4.1)
    }

    /// <summary>IPVS_DEST_ATTR_*: inside IPVS_CMD_ATTR_DEST.</summary>
    public static class Destination
    {
        public const ushort Address = 1;           // 16 bytes
        public const ushort Port = 2;              // be16
        public const ushort ForwardingMethod = 3;  // u32 (conn_flags & IP_VS_CONN_F_FWD_MASK)
        public const ushort Weight = 4;            // u32 (signed int in the kernel)
        public const ushort UpperThreshold = 5;    // u32
        public const ushort LowerThreshold = 6;    // u32
        public const ushort ActiveConnections = 7; // u32, read-only
        public const ushort InactiveConnections = 8; // u32, read-only
        public const ushort PersistentConnections = 9; // u32, read-only
        public const ushort Stats = 10;            // nested, read-only
        public const ushort AddressFamily = 11;    // u16 (3.18)
        public const ushort Stats64 = 12;          // nested u64 (4.1)
        public const ushort TunnelType = 13;       // u8 (5.2)
        public const ushort TunnelPort = 14;       // be16 (5.2)
        public const ushort TunnelFlags = 15;      // u16 (5.3)
    }

    /// <summary>IPVS_DAEMON_ATTR_*: inside IPVS_CMD_ATTR_DAEMON.</summary>
    public static class Daemon
    {
        public const ushort State = 1;        // u32
        public const ushort Interface = 2;    // NUL string <= 15
        public const ushort SyncId = 3;       // u32
        public const ushort SyncMaxLength = 4; // u16 (4.3)
        public const ushort McastGroup = 5;   // in_addr (4.3)
        public const ushort McastGroup6 = 6;  // in6_addr (4.3)
        public const ushort McastPort = 7;    // u16 (4.3)
        public const ushort McastTtl = 8;     // u8 (4.3)
    }

    /// <summary>IPVS_STATS_ATTR_*: inside SVC/DEST STATS and STATS64.</summary>
    public static class Stats
    {
        public const ushort Connections = 1;
        public const ushort InPackets = 2;
        public const ushort OutPackets = 3;
        public const ushort InBytes = 4;      // u64 even in STATS
        public const ushort OutBytes = 5;     // u64 even in STATS
        public const ushort ConnectionRate = 6;
        public const ushort InPacketRate = 7;
        public const ushort OutPacketRate = 8;
        public const ushort InByteRate = 9;
        public const ushort OutByteRate = 10;
        public const ushort Pad = 11;         // alignment for nla_put_u64_64bit: skipped
    }

    /// <summary>IPVS_INFO_ATTR_*: top level of the GET_INFO reply.</summary>
    public static class Info
    {
        public const ushort Version = 1;             // u32
        public const ushort ConnectionTableSize = 2; // u32
    }
}

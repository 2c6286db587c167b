namespace LvsDirector.Ipvs.Model;

/// <summary>IPVS_CMD_GET_INFO: the IPVS version code (0x010201 = 1.2.1) and the connection hash table size.</summary>
public sealed record IpvsInfo(uint VersionCode, uint ConnectionTableSize)
{
    /// <summary>"1.2.1".</summary>
    public string Version => $"{(VersionCode >> 16) & 0xFF}.{(VersionCode >> 8) & 0xFF}.{VersionCode & 0xFF}";
}

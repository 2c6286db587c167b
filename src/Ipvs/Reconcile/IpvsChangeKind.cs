namespace LvsDirector.Ipvs.Reconcile;

/// <summary>What a change does; each maps to one IPVS command.</summary>
public enum IpvsChangeKind
{
    /// <summary>IPVS_CMD_NEW_SERVICE.</summary>
    AddService,

    /// <summary>IPVS_CMD_SET_SERVICE: scheduler, flags, persistence timeout/netmask/engine edited in place.</summary>
    EditService,

    /// <summary>IPVS_CMD_DEL_SERVICE (its destinations go with it).</summary>
    DeleteService,

    /// <summary>IPVS_CMD_NEW_DEST.</summary>
    AddDestination,

    /// <summary>IPVS_CMD_SET_DEST: weight, thresholds, forwarding method, tunnel settings edited in place.</summary>
    EditDestination,

    /// <summary>IPVS_CMD_DEL_DEST.</summary>
    DeleteDestination,
}

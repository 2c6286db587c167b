namespace LvsDirector.Vrrp.Configuration;

/// <summary>notify_* scripts of an instance or a sync group.</summary>
public sealed record VrrpNotifyOptions
{
    public VrrpScriptCommand? Master { get; init; }

    public VrrpScriptCommand? Backup { get; init; }

    public VrrpScriptCommand? Fault { get; init; }

    public VrrpScriptCommand? Stop { get; init; }

    /// <summary>notify: run after the state's own script with <c>INSTANCE|GROUP name STATE priority</c> appended.</summary>
    public VrrpScriptCommand? Generic { get; init; }

    /// <summary>notify_master_rx_lower_pri: a Master heard a lower-priority advert (another master: split brain).</summary>
    public VrrpScriptCommand? MasterReceivedLowerPriority { get; init; }
}

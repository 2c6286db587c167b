namespace LvsDirector.Vrrp.Configuration;

/// <summary>notify_fifo / vrrp_notify_fifo: a FIFO that receives <c>INSTANCE "VI_1" MASTER 100</c> lines, and its reader.</summary>
public sealed record VrrpNotifyFifoOptions
{
    public required string Path { get; init; }

    /// <summary>notify_fifo_script: started once with the FIFO path as its last argument.</summary>
    public VrrpScriptCommand? Script { get; init; }
}

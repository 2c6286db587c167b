using Microsoft.Extensions.Logging;

namespace LvsDirector.Ipvs.Reconcile;

public sealed partial class IpvsReconciler
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.ChangeApplied, LogLevel.Information, "IPVS: {Change}")]
        public static partial void ChangeApplied(ILogger logger, IpvsChange change);

        [LoggerMessage(EventIds.ChangeFailed, LogLevel.Error, "IPVS: {Message}")]
        public static partial void ChangeFailed(ILogger logger, string message);

        [LoggerMessage(EventIds.ReconcileCompleted, LogLevel.Debug, "IPVS: reconciled {Services} services, {Changes} changes, {Failures} failures, {Operations} netlink operations")]
        public static partial void ReconcileCompleted(ILogger logger, int services, int changes, int failures, long operations);

        [LoggerMessage(EventIds.ReconcileFailed, LogLevel.Error, "IPVS: reconcile failed, retrying in {Retry}: {Message}")]
        public static partial void ReconcileFailed(ILogger logger, TimeSpan retry, string message, Exception exception);

        [LoggerMessage(EventIds.UnmanagedServiceLeftAlone, LogLevel.Information, "IPVS: service {Service} is not ours (not configured, not created by us), leaving it alone")]
        public static partial void UnmanagedServiceLeftAlone(ILogger logger, Model.IpvsServiceKey service);

        [LoggerMessage(EventIds.TableFlushed, LogLevel.Warning, "IPVS: flushed the whole table ({Reason})")]
        public static partial void TableFlushed(ILogger logger, string reason);

        [LoggerMessage(EventIds.OwnershipStateUnreadable, LogLevel.Warning, "IPVS: cannot read ownership state {Location}, deleting nothing that is not configured: {Message}")]
        public static partial void OwnershipStateUnreadable(ILogger logger, string location, string message);

        [LoggerMessage(EventIds.OwnershipStateUnwritable, LogLevel.Warning, "IPVS: cannot write ownership state {Location}: {Message}")]
        public static partial void OwnershipStateUnwritable(ILogger logger, string location, string message);

        [LoggerMessage(EventIds.TimeoutsSet, LogLevel.Information, "IPVS: set timeouts {Timeouts}")]
        public static partial void TimeoutsSet(ILogger logger, Model.IpvsTimeouts timeouts);

        [LoggerMessage(EventIds.SyncDaemonStarted, LogLevel.Information, "IPVS: started {Daemon}")]
        public static partial void SyncDaemonStarted(ILogger logger, Model.IpvsSyncDaemon daemon);

        [LoggerMessage(EventIds.SyncDaemonStopped, LogLevel.Information, "IPVS: stopped {State} sync daemon")]
        public static partial void SyncDaemonStopped(ILogger logger, string state);

        [LoggerMessage(EventIds.OtherOperationFailed, LogLevel.Error, "IPVS: {Message}")]
        public static partial void OtherOperationFailed(ILogger logger, string message);

        [LoggerMessage(EventIds.ServicesAdopted, LogLevel.Information, "IPVS: adopted {Count} existing services from the kernel table")]
        public static partial void ServicesAdopted(ILogger logger, int count);
    }
}

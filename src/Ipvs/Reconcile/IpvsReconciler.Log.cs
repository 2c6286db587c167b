using Microsoft.Extensions.Logging;

namespace LvsDirector.Ipvs.Reconcile;

public sealed partial class IpvsReconciler
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.ChangeApplied, LogLevel.Information, "IPVS: {Change}")]
        public static partial void ChangeApplied(ILogger logger, IpvsChange change);

        [LoggerMessage(EventIds.ChangeApplied, LogLevel.Debug, "IPVS: {Change}")]
        public static partial void ChangeAppliedDetail(ILogger logger, IpvsChange change);

        [LoggerMessage(EventIds.ChangesSummarized, LogLevel.Information, "IPVS: applied {Applied} changes in {Milliseconds} ms ({Summary}); each one is logged at debug level (-D)")]
        public static partial void ChangesSummarized(ILogger logger, int applied, long milliseconds, string summary);

        [LoggerMessage(EventIds.ChangeFailed, LogLevel.Error, "IPVS: {Message}")]
        public static partial void ChangeFailed(ILogger logger, string message);

        // A run that changed something is summed up for the operator (its netlink cost included); a no-op run at debug level.
        [LoggerMessage(EventIds.ReconcileCompleted, LogLevel.Information, "IPVS: reconciled {Services} services in {Milliseconds} ms: {Changes} changes, {Failures} failures, {Operations} netlink operations")]
        public static partial void ReconcileChanged(ILogger logger, int services, long milliseconds, int changes, int failures, long operations);

        [LoggerMessage(EventIds.ReconcileCompleted, LogLevel.Debug, "IPVS: reconciled {Services} services in {Milliseconds} ms: {Changes} changes, {Failures} failures, {Operations} netlink operations")]
        public static partial void ReconcileCompleted(ILogger logger, int services, long milliseconds, int changes, int failures, long operations);

        [LoggerMessage(EventIds.ReconcileFailed, LogLevel.Error, "IPVS: reconcile failed, retrying every {Retry}: {Message}")]
        public static partial void ReconcileFailed(ILogger logger, TimeSpan retry, string message);

        [LoggerMessage(EventIds.ReconcileStillFailing, LogLevel.Debug, "IPVS: reconcile still failing: {Message}")]
        public static partial void ReconcileStillFailing(ILogger logger, string message);

        [LoggerMessage(EventIds.ReconcileRecovered, LogLevel.Information, "IPVS: reconcile succeeded again after {Failures} failed attempts")]
        public static partial void ReconcileRecovered(ILogger logger, int failures);

        [LoggerMessage(EventIds.ReconcileFailed, LogLevel.Error, "IPVS: unexpected error in a scheduled reconcile, retrying in {Retry}")]
        public static partial void ScheduledRunCrashed(ILogger logger, TimeSpan retry, Exception exception);

        [LoggerMessage(EventIds.UnmanagedServiceLeftAlone, LogLevel.Information, "IPVS: service {Service} is not ours (not configured, not created by us), leaving it alone")]
        public static partial void UnmanagedServiceLeftAlone(ILogger logger, Model.IpvsServiceKey service);

        [LoggerMessage(EventIds.TableFlushed, LogLevel.Warning, "IPVS: flushed the whole table ({Reason})")]
        public static partial void TableFlushed(ILogger logger, string reason);

        [LoggerMessage(EventIds.OwnedServicesDeletedOnStop, LogLevel.Warning, "IPVS: deleted our {Count} services on stop (lvs_flush_on_stop VS); others' left alone")]
        public static partial void OwnedServicesDeletedOnStop(ILogger logger, int count);

        [LoggerMessage(EventIds.OwnershipStateUnreadable, LogLevel.Warning, "IPVS: cannot read ownership state {Location}, deleting nothing that is not configured: {Message}")]
        public static partial void OwnershipStateUnreadable(ILogger logger, string location, string message);

        [LoggerMessage(EventIds.OwnershipStateUnwritable, LogLevel.Warning, "IPVS: cannot write ownership state {Location}: {Message}")]
        public static partial void OwnershipStateUnwritable(ILogger logger, string location, string message);

        [LoggerMessage(EventIds.TimeoutsSet, LogLevel.Information, "IPVS: set timeouts {Timeouts}")]
        public static partial void TimeoutsSet(ILogger logger, Model.IpvsTimeouts timeouts);

        [LoggerMessage(EventIds.TimeoutsSet, LogLevel.Information, "IPVS: restored the timeouts found at start {Timeouts}")]
        public static partial void TimeoutsRestored(ILogger logger, Model.IpvsTimeouts timeouts);

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

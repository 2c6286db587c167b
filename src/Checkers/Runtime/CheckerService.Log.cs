using Microsoft.Extensions.Logging;

namespace LvsDirector.Checkers.Runtime;

public sealed partial class CheckerService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CheckSucceeded, Level = LogLevel.Information, Message = "{Check} of real server {RealServer} in {Service} succeeded ({LatencyMs} ms)")]
        public static partial void CheckSucceeded(ILogger logger, string check, string realServer, string service, double latencyMs);

        [LoggerMessage(EventId = EventIds.CheckFailed, Level = LogLevel.Warning, Message = "{Check} of real server {RealServer} in {Service} failed after {Retries} retries: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string check, string realServer, string service, int retries, string reason);

        [LoggerMessage(EventId = EventIds.CheckAttemptFailed, Level = LogLevel.Information, Message = "{Check} of real server {RealServer} in {Service} failed: {Reason}")]
        public static partial void CheckAttemptFailed(ILogger logger, string check, string realServer, string service, string reason);

        [LoggerMessage(EventId = EventIds.CheckRetrying, Level = LogLevel.Information, Message = "{Check} of real server {RealServer} in {Service} failed (retry {Attempt} of {Retries} in {DelaySeconds} s): {Reason}")]
        public static partial void CheckRetrying(ILogger logger, string check, string realServer, string service, int attempt, int retries, double delaySeconds, string reason);

        [LoggerMessage(EventId = EventIds.CheckWarning, Level = LogLevel.Warning, Message = "{Check} of real server {RealServer} in {Service}: {Warning}")]
        public static partial void CheckWarning(ILogger logger, string check, string realServer, string service, string warning);

        [LoggerMessage(EventId = EventIds.RealServerUp, Level = LogLevel.Information, Message = "Enabling real server {RealServer} in {Service} with weight {Weight}: {Reason}")]
        public static partial void RealServerUp(ILogger logger, string realServer, string service, int weight, string reason);

        [LoggerMessage(EventId = EventIds.RealServerDown, Level = LogLevel.Warning, Message = "Disabling real server {RealServer} in {Service} ({Action}): {Reason}")]
        public static partial void RealServerDown(ILogger logger, string realServer, string service, string action, string reason);

        [LoggerMessage(EventId = EventIds.RealServerWeight, Level = LogLevel.Information, Message = "Real server {RealServer} in {Service}: weight {Weight}, in table {InTable}")]
        public static partial void RealServerWeight(ILogger logger, string realServer, string service, int weight, bool inTable);

        [LoggerMessage(EventId = EventIds.QuorumGained, Level = LogLevel.Information, Message = "Gained quorum {Quorum}+{Hysteresis}={Threshold} <= {AliveWeight} for {Service}")]
        public static partial void QuorumGained(ILogger logger, int quorum, int hysteresis, long threshold, long aliveWeight, string service);

        [LoggerMessage(EventId = EventIds.QuorumLost, Level = LogLevel.Warning, Message = "Lost quorum {Quorum}-{Hysteresis}={Threshold} > {AliveWeight} for {Service}")]
        public static partial void QuorumLost(ILogger logger, int quorum, int hysteresis, long threshold, long aliveWeight, string service);

        [LoggerMessage(EventId = EventIds.SorryServerAdded, Level = LogLevel.Warning, Message = "Adding sorry server {SorryServer} to {Service}")]
        public static partial void SorryServerAdded(ILogger logger, string sorryServer, string service);

        [LoggerMessage(EventId = EventIds.SorryServerRemoved, Level = LogLevel.Information, Message = "Removing sorry server {SorryServer} from {Service}")]
        public static partial void SorryServerRemoved(ILogger logger, string sorryServer, string service);

        [LoggerMessage(EventId = EventIds.ServiceStarted, Level = LogLevel.Information, Message = "Checking {Service}: {RealServers} real servers")]
        public static partial void ServiceStarted(ILogger logger, string service, int realServers);

        [LoggerMessage(EventId = EventIds.ServiceStopped, Level = LogLevel.Information, Message = "Stopped checking {Service}")]
        public static partial void ServiceStopped(ILogger logger, string service);

        [LoggerMessage(EventId = EventIds.ServiceUpdated, Level = LogLevel.Information, Message = "Updated checks of {Service}")]
        public static partial void ServiceUpdated(ILogger logger, string service);

        [LoggerMessage(EventId = EventIds.ServiceSuspended, Level = LogLevel.Information, Message = "Suspending healthcheckers for VS {Service}: its address is not local (ha_suspend)")]
        public static partial void ServiceSuspended(ILogger logger, string service);

        [LoggerMessage(EventId = EventIds.ServiceActivated, Level = LogLevel.Information, Message = "Activating healthcheckers for VS {Service}: its address is local")]
        public static partial void ServiceActivated(ILogger logger, string service);

        [LoggerMessage(EventId = EventIds.OptionsApplied, Level = LogLevel.Information, Message = "Checker configuration applied: {Services} services")]
        public static partial void OptionsApplied(ILogger logger, int services);

        [LoggerMessage(EventId = EventIds.OptionsRejected, Level = LogLevel.Error, Message = "Checker configuration rejected ({Count} errors): {Errors}")]
        public static partial void OptionsRejected(ILogger logger, int count, string errors);

        [LoggerMessage(EventId = EventIds.CheckStatistics, Level = LogLevel.Debug, Message = "Checks: {Completed} probes completed in {Seconds:0} s ({Rate:0}/s), {InFlight} in flight, mean probe {ProbeMs:0.0} ms, mean timer lateness {LatenessMs:0.0} ms; thread pool {Threads} threads, {Queued} queued items; process allocated {AllocatedPerProbe:0} B per probe, collections gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}")]
        public static partial void CheckStatistics(ILogger logger, long completed, double seconds, double rate, long inFlight, double probeMs, double latenessMs, int threads, long queued,
            double allocatedPerProbe, int gen0, int gen1, int gen2);
    }
}

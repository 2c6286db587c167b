using Microsoft.Extensions.Logging;

namespace LvsDirector.Ipvs;

internal sealed partial class IpvsClient
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.DumpEntriesDropped, LogLevel.Warning, "IPVS: {Operation}: dropped {Dropped} of {Total} entries the kernel sent, they could not be decoded (first: {Reason})")]
        public static partial void DumpEntriesDropped(ILogger logger, string operation, int dropped, int total, string reason);

        // The same reason again (every destination dump of every reconcile could repeat it): at debug level.
        [LoggerMessage(EventIds.DumpEntriesDropped, LogLevel.Debug, "IPVS: {Operation}: dropped {Dropped} of {Total} entries the kernel sent, they could not be decoded (first: {Reason})")]
        public static partial void DumpEntriesDroppedAgain(ILogger logger, string operation, int dropped, int total, string reason);
    }
}

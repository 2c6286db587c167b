using System.Net;
using Microsoft.Extensions.Logging;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.StateMachine;

internal sealed partial class VrrpInstance
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.EnteringState, LogLevel.Information, "({Instance}) Entering {State} STATE ({Reason})")]
        public static partial void EnteringState(ILogger logger, string instance, string state, string reason);

        [LoggerMessage(EventIds.AdvertisementDropped, LogLevel.Warning, "({Instance}) dropped advert from {Source}: {Reason} ({Suppressed} more since the last report)")]
        public static partial void AdvertisementDropped(ILogger logger, string instance, IPAddress source, VrrpDropReason reason, long suppressed);

        [LoggerMessage(EventIds.LowerPriorityAdvertisement, LogLevel.Information, "({Instance}) received lower priority ({Priority}) advert from {Source} - {Action}")]
        public static partial void LowerPriorityAdvertisement(ILogger logger, string instance, int priority, IPAddress source, string action);

        [LoggerMessage(EventIds.HigherPriorityAdvertisement, LogLevel.Information, "({Instance}) Master received advert from {Source} with higher priority {Priority}, ours {Ours}")]
        public static partial void HigherPriorityAdvertisement(ILogger logger, string instance, IPAddress source, int priority, int ours);

        [LoggerMessage(EventIds.PriorityZeroReceived, LogLevel.Information, "({Instance}) {State} received priority 0 advertisement from {Source}")]
        public static partial void PriorityZeroReceived(ILogger logger, string instance, VrrpState state, IPAddress source);

        [LoggerMessage(EventIds.PriorityZeroSent, LogLevel.Information, "({Instance}) sent 0 priority")]
        public static partial void PriorityZeroSent(ILogger logger, string instance);

        [LoggerMessage(EventIds.OwnerIgnoredAdvertisement, LogLevel.Debug, "({Instance}) address owner ignores advert with priority {AdvertPriority} from {Source} (owner_ignore_adverts)")]
        public static partial void OwnerIgnoredAdvertisement(ILogger logger, string instance, int advertPriority, IPAddress source);

        [LoggerMessage(EventIds.VirtualAddressDeleted, LogLevel.Warning, "({Instance}) VIP {Address} was deleted: going to BACKUP")]
        public static partial void VirtualAddressDeleted(ILogger logger, string instance, string address);

        [LoggerMessage(EventIds.SendFailed, LogLevel.Warning, "({Instance}) could not send an advertisement")]
        public static partial void SendFailed(ILogger logger, string instance);

        [LoggerMessage(EventIds.ChecksumFormChanged, LogLevel.Information, "({Instance}) advert from {Source} uses the VRRPv3 IPv4 checksum form {Mode}")]
        public static partial void ChecksumFormChanged(ILogger logger, string instance, IPAddress source, VrrpChecksumMode mode);

        [LoggerMessage(EventIds.OptionsUpdated, LogLevel.Information, "({Instance}) configuration updated in place ({State})")]
        public static partial void OptionsUpdated(ILogger logger, string instance, VrrpState state);

        [LoggerMessage(EventIds.EffectivePriorityChanged, LogLevel.Information, "({Instance}) Changing effective priority from {Old} to {New}")]
        public static partial void EffectivePriorityChanged(ILogger logger, string instance, int old, int @new);

        [LoggerMessage(EventIds.TrackingFault, LogLevel.Warning, "({Instance}) entering FAULT: {Trackers} failed")]
        public static partial void TrackingFault(ILogger logger, string instance, string trackers);

        [LoggerMessage(EventIds.SplitBrainReasserted, LogLevel.Warning, "({Instance}) another MASTER {Source} (priority {Priority}, ours {Ours}): reasserting with an advert and gratuitous ARP/NA")]
        public static partial void SplitBrainReasserted(ILogger logger, string instance, IPAddress source, int priority, int ours);

        [LoggerMessage(EventIds.WaitingForUnreadAdverts, LogLevel.Information, "({Instance}) master down timer expired with datagrams on their way ({Pending}); reading them for {GraceMs} ms first")]
        public static partial void WaitingForUnreadAdverts(ILogger logger, string instance, Network.PendingDatagrams pending, double graceMs);

        [LoggerMessage(EventIds.AuthenticationSequenceReplayed, LogLevel.Warning, "({Instance}) IPSEC-AH : sequence number {Sequence} already processed. Packet dropped. Local({Local}) from {Source} ({Suppressed} more authentication failures since the last report)")]
        public static partial void AuthenticationSequenceReplayed(ILogger logger, string instance, uint sequence, uint local, IPAddress source, long suppressed);

        [LoggerMessage(EventIds.TakingOverWithPendingDatagrams, LogLevel.Information, "({Instance}) grace over with datagrams still on their way ({Pending}); taking over")]
        public static partial void TakingOverWithPendingDatagrams(ILogger logger, string instance, Network.PendingDatagrams pending);

        [LoggerMessage(EventIds.SyncGroupWaiting, LogLevel.Information, "({Instance}) master down timer expired; VRRP_Group({Group}) waits for every member before MASTER")]
        public static partial void SyncGroupWaiting(ILogger logger, string instance, string group);
    }
}

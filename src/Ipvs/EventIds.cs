namespace LvsDirector.Ipvs;

/// <summary>Stable log event ids of the IPVS library: the 2000 range.</summary>
internal static class EventIds
{
    public const int First = 2000;

    // Reconciler (IpvsReconciler.Log)
    public const int ChangeApplied = 2001;
    public const int ChangeFailed = 2002;
    public const int ReconcileCompleted = 2003;
    public const int ReconcileFailed = 2004;
    public const int UnmanagedServiceLeftAlone = 2005;
    public const int TableFlushed = 2006;
    public const int OwnershipStateUnreadable = 2007;
    public const int OwnershipStateUnwritable = 2008;
    public const int TimeoutsSet = 2009;
    public const int SyncDaemonStarted = 2010;
    public const int SyncDaemonStopped = 2011;
    public const int OtherOperationFailed = 2012;
    public const int ServicesAdopted = 2013;
    public const int ChangesSummarized = 2014;
    public const int ReconcileStillFailing = 2015;
    public const int ReconcileRecovered = 2016;
    public const int OwnedServicesDeletedOnStop = 2020;

    // Client (IpvsClient.Log)
    public const int DumpEntriesDropped = 2021;
    // 2017-2019, 2022-2099 reserved
}

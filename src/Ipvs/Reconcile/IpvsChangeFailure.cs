namespace LvsDirector.Ipvs.Reconcile;

/// <summary>A change the kernel refused: the change, the errno name ("ESRCH") and the full message naming the object.</summary>
public sealed record IpvsChangeFailure(IpvsChange Change, string ErrorName, string Message)
{
    public override string ToString() => Message;
}

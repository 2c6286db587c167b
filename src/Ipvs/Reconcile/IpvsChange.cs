using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// One IPVS command of a change set. <see cref="Service"/> is set for service adds and edits,
/// <see cref="Destination"/> for destination changes. <see cref="ToString"/> names the object the way
/// errors and logs do: "add dest 198.51.100.11:80 to TCP 192.0.2.100:80".
/// </summary>
public sealed record IpvsChange
{
    private IpvsChange(IpvsChangeKind kind, IpvsServiceKey serviceKey, IpvsService? service, IpvsDestination? destination)
    {
        Kind = kind;
        ServiceKey = serviceKey;
        Service = service;
        Destination = destination;
    }

    public IpvsChangeKind Kind { get; }

    public IpvsServiceKey ServiceKey { get; }

    public IpvsService? Service { get; }

    public IpvsDestination? Destination { get; }

    public bool IsServiceChange => Kind is IpvsChangeKind.AddService or IpvsChangeKind.EditService or IpvsChangeKind.DeleteService;

    public static IpvsChange AddService(IpvsService service) => new(IpvsChangeKind.AddService, service.Key, service, null);

    public static IpvsChange EditService(IpvsService service) => new(IpvsChangeKind.EditService, service.Key, service, null);

    public static IpvsChange DeleteService(IpvsServiceKey key) => new(IpvsChangeKind.DeleteService, key, null, null);

    public static IpvsChange AddDestination(IpvsServiceKey service, IpvsDestination destination) => new(IpvsChangeKind.AddDestination, service, null, destination);

    public static IpvsChange EditDestination(IpvsServiceKey service, IpvsDestination destination) => new(IpvsChangeKind.EditDestination, service, null, destination);

    public static IpvsChange DeleteDestination(IpvsServiceKey service, IpvsDestination destination) => new(IpvsChangeKind.DeleteDestination, service, null, destination);

    /// <summary>How a count of changes of one kind reads in a summary line: "service adds".</summary>
    public static string Describe(IpvsChangeKind kind) => kind switch
    {
        IpvsChangeKind.AddService => "service adds",
        IpvsChangeKind.EditService => "service edits",
        IpvsChangeKind.DeleteService => "service deletes",
        IpvsChangeKind.AddDestination => "dest adds",
        IpvsChangeKind.EditDestination => "dest edits",
        _ => "dest deletes",
    };

    public override string ToString() => Kind switch
    {
        IpvsChangeKind.AddService => $"add service {ServiceKey}",
        IpvsChangeKind.EditService => $"edit service {ServiceKey}",
        IpvsChangeKind.DeleteService => $"delete service {ServiceKey}",
        IpvsChangeKind.AddDestination => $"add dest {Destination} to {ServiceKey}",
        IpvsChangeKind.EditDestination => $"edit dest {Destination} in {ServiceKey}",
        _ => $"delete dest {Destination} from {ServiceKey}",
    };
}

using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// Pure: the minimal change set that turns the kernel table into the desired one (docs/ipvs-ownership.md).
/// Objects are edited in place (SET_SERVICE for scheduler, flags and persistence; SET_DEST for weight,
/// thresholds, forwarding and tunnel), never deleted and re-added, so live connections survive.
/// Only our objects are deleted: services not desired are deleted only if listed in <c>owned</c>;
/// destinations under a desired service are ours; everything else is reported as unmanaged and left alone.
/// </summary>
public static class IpvsDiff
{
    public static IpvsChangeSet Compute(
        IReadOnlyList<IpvsServiceSnapshot> desired,
        IReadOnlyList<IpvsServiceSnapshot> kernel,
        IReadOnlySet<IpvsServiceKey> owned)
    {
        var kernelByKey = new Dictionary<IpvsServiceKey, IpvsServiceSnapshot>();
        foreach (var k in kernel) kernelByKey.TryAdd(k.Service.Key, k);
        var desiredKeys = new HashSet<IpvsServiceKey>(desired.Select(d => d.Service.Key));

        var destinationDeletes = new List<IpvsChange>();
        var serviceDeletes = new List<IpvsChange>();
        var serviceUpserts = new List<IpvsChange>();
        var destinationUpserts = new List<IpvsChange>();
        var unmanaged = new List<IpvsServiceKey>();

        foreach (var want in desired)
        {
            var key = want.Service.Key;
            var wantService = want.Service.WithDefaults();
            if (!kernelByKey.TryGetValue(key, out var have))
            {
                serviceUpserts.Add(IpvsChange.AddService(wantService));
                foreach (var d in want.Destinations) destinationUpserts.Add(IpvsChange.AddDestination(key, d));
                continue;
            }
            if (wantService != have.Service) serviceUpserts.Add(IpvsChange.EditService(wantService));

            var haveDestinations = new Dictionary<(System.Net.IPAddress, ushort), IpvsDestination>();
            foreach (var d in have.Destinations) haveDestinations.TryAdd((d.Address, d.Port), d);
            var wantIds = new HashSet<(System.Net.IPAddress, ushort)>();
            foreach (var d in want.Destinations)
            {
                wantIds.Add((d.Address, d.Port));
                if (!haveDestinations.TryGetValue((d.Address, d.Port), out var current)) destinationUpserts.Add(IpvsChange.AddDestination(key, d));
                else if (current != d) destinationUpserts.Add(IpvsChange.EditDestination(key, d));
            }
            foreach (var d in have.Destinations)
            {
                if (!wantIds.Contains((d.Address, d.Port))) destinationDeletes.Add(IpvsChange.DeleteDestination(key, d));
            }
        }

        foreach (var have in kernel)
        {
            var key = have.Service.Key;
            if (desiredKeys.Contains(key)) continue;
            if (owned.Contains(key)) serviceDeletes.Add(IpvsChange.DeleteService(key));
            else unmanaged.Add(key);
        }

        var changes = new List<IpvsChange>(destinationDeletes.Count + serviceDeletes.Count + serviceUpserts.Count + destinationUpserts.Count);
        changes.AddRange(destinationDeletes);
        changes.AddRange(serviceDeletes);
        changes.AddRange(serviceUpserts);
        changes.AddRange(destinationUpserts);
        return new IpvsChangeSet(changes, unmanaged);
    }
}

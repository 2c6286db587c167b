using LvsDirector.Checkers.Configuration;
using LvsDirector.Checkers.Events;
using LvsDirector.Config.Binding;
using LvsDirector.Ipvs.Configuration;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Hosting;

/// <summary>
/// Turns the configured virtual servers and the checkers' verdicts into the IPVS table to program:
/// a real server is in the table while the checkers say so (removed, or weight 0 with
/// inhibit_on_failure), and the sorry server replaces them while it is active (with sorry_server_inhibit it
/// stays in the table at weight 0 while inactive, as keepalived's init_service_vs adds it). Before the first
/// verdict a real server of the first configuration counts as alive, as in keepalived without alpha (the host
/// folds the initial verdicts, <see cref="InitialVerdicts"/>, in before the first table anyway). A real server added by a reload
/// stays out of the table until its first verdict: the checkers publish it (down with alpha) while the
/// reload applies, but the table writer may compose before the event pump has delivered it.
/// </summary>
internal sealed class LvsTableComposer
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Service, RealServerKey Server), (bool InTable, int Weight)> _realServers = new();
    private readonly Dictionary<string, (bool InTable, int Weight)> _sorry = new(StringComparer.Ordinal);
    private readonly HashSet<(string Service, RealServerKey Server)> _awaitingVerdict = new();
    private Dictionary<(string Service, RealServerKey Server), int>? _configuredWeights;
    private LvsBinding _binding;

    public LvsTableComposer(LvsBinding binding) => _binding = binding;

    /// <summary>
    /// A reload: keeps the verdicts of real servers that are still configured, forgets the others (a real
    /// server removed and added back later must not come back with its old verdict), and holds new real
    /// servers out of the table until their first verdict.
    /// </summary>
    public void Update(LvsBinding binding)
    {
        lock (_gate)
        {
            var configured = RealServerKeys(binding);
            var previous = RealServerKeys(_binding);
            foreach (var key in _realServers.Keys.Where(k => !configured.Contains(k)).ToList()) _realServers.Remove(key);
            _awaitingVerdict.RemoveWhere(k => !configured.Contains(k));
            foreach (var key in configured)
            {
                if (!previous.Contains(key) && !_realServers.ContainsKey(key)) _awaitingVerdict.Add(key);
            }
            _binding = binding;
            _configuredWeights = null;
        }
    }

    /// <summary>Applies one checker event; true when the table may have changed.</summary>
    public bool Apply(CheckerEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case RealServerStateChanged rs:
                    var key = (rs.Service, rs.RealServer);
                    var value = (rs.InTable, rs.Weight);
                    var awaited = _awaitingVerdict.Remove(key);
                    var hadVerdict = _realServers.TryGetValue(key, out var old);
                    if (!awaited && hadVerdict && old == value) return false;
                    _realServers[key] = value;
                    // A first verdict saying what was assumed without one (in the table at the configured weight) changes nothing.
                    return awaited || hadVerdict || !(value.InTable && ConfiguredWeights().TryGetValue(key, out var weight) && weight == value.Weight);
                case SorryServerStateChanged sorry:
                    // InTable without Active: sorry_server_inhibit keeps the unneeded sorry server at weight 0.
                    var state = (sorry.InTable, sorry.Weight);
                    if (_sorry.TryGetValue(sorry.Service, out var current) && current == state) return false;
                    _sorry[sorry.Service] = state;
                    return true;
                default:
                    return false;
            }
        }
    }

    public IpvsOptions Compose()
    {
        lock (_gate)
        {
            var services = new List<VirtualServiceOptions>();
            foreach (var binding in _binding.Services)
            {
                var sorryInTable = _sorry.TryGetValue(binding.Name, out var sorry) && sorry.InTable && binding.SorryServer is not null;
                foreach (var service in binding.Services)
                {
                    var reals = new KernelDestinations(service, service.RealServers.Count + 1);
                    foreach (var rs in service.RealServers)
                    {
                        var verdictKey = (binding.Name, new RealServerKey(rs.Address, rs.Port));
                        if (_realServers.TryGetValue(verdictKey, out var verdict))
                        {
                            if (!verdict.InTable) continue;
                            reals.Add(verdict.Weight == rs.Weight ? rs : rs with { Weight = verdict.Weight });
                        }
                        else if (!_awaitingVerdict.Contains(verdictKey))
                        {
                            reals.Add(rs);
                        }
                    }
                    if (sorryInTable)
                    {
                        var sorryServer = binding.SorryServer!;
                        // A sorry server that is also a real server is that real server's entry (keepalived's s_svr_duplicates_rs).
                        reals.AddUnlessPresent(sorryServer with { Port = sorryServer.Port == 0 ? service.Key.Port : sorryServer.Port, Weight = sorry.Weight });
                    }
                    services.Add(service with { RealServers = reals.ToValueList() });
                }
            }
            return _binding.Options with { Services = new ValueList<VirtualServiceOptions>(services) };
        }
    }

    // Built on the first verdict after a (re)configuration, off the start's critical path.
    private Dictionary<(string Service, RealServerKey Server), int> ConfiguredWeights()
    {
        if (_configuredWeights is not null) return _configuredWeights;
        _configuredWeights = new();
        foreach (var binding in _binding.Services)
        {
            foreach (var rs in binding.Services.SelectMany(s => s.RealServers)) _configuredWeights.TryAdd((binding.Name, new RealServerKey(rs.Address, rs.Port)), rs.Weight);
        }
        return _configuredWeights;
    }

    private static HashSet<(string Service, RealServerKey Server)> RealServerKeys(LvsBinding binding) =>
        binding.Services
            .SelectMany(b => b.Services.SelectMany(s => s.RealServers).Select(rs => (b.Name, new RealServerKey(rs.Address, rs.Port))))
            .ToHashSet();
}

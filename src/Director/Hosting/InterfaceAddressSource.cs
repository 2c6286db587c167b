using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace LvsDirector.Hosting;

/// <summary>
/// The kernel's interface addresses through getifaddrs (<see cref="NetworkInterface.GetAllNetworkInterfaces"/>);
/// <see cref="Changed"/> is <see cref="NetworkChange.NetworkAddressChanged"/>, which .NET raises on Linux from an
/// rtnetlink socket subscribed to address changes (also in the native AOT build).
/// </summary>
internal sealed class InterfaceAddressSource : ILocalAddressSource
{
    private Action? _changed;

    public InterfaceAddressSource() => NetworkChange.NetworkAddressChanged += OnAddressChanged;

    public event Action? Changed
    {
        add => _changed += value;
        remove => _changed -= value;
    }

    public IReadOnlySet<IPAddress> Read()
    {
        var addresses = new HashSet<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                // A configured address carries no scope: a link-local one read with its interface's scope id still matches it.
                var address = unicast.Address;
                addresses.Add(address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address);
            }
        }
        return addresses;
    }

    public void Dispose() => NetworkChange.NetworkAddressChanged -= OnAddressChanged;

    private void OnAddressChanged(object? sender, EventArgs e) => _changed?.Invoke();
}

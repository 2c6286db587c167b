using LvsDirector.Vrrp.Configuration;

namespace LvsDirector.Vrrp.Network;

/// <summary>Creates and deletes the VMAC macvlans of <c>use_vmac</c> instances and holds the sysctls they need.</summary>
internal interface IVmacManager
{
    /// <summary>Creates (or adopts) the instance's macvlan, sets it up and sets the sysctls; a no-op without <see cref="VrrpInstanceOptions.Vmac"/>.</summary>
    void Ensure(VrrpInstanceOptions options);

    /// <summary>Deletes the instance's macvlan and releases its sysctls (restored when no other VMAC needs them).</summary>
    void Release(VrrpInstanceOptions options);
}

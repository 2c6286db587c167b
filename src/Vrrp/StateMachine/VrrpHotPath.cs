using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using LvsDirector.Vrrp.Network;
using LvsDirector.Vrrp.Protocol;

namespace LvsDirector.Vrrp.StateMachine;

/// <summary>
/// JIT-compiles, once per process and before any instance starts, the code the VRRP threads run at a
/// transition and per advert. Without it the first advert as Master left ~5 ms after the master-down
/// timer fired (seen in the failover bench): OnTimer, BecomeMaster, the transport's send and the encoder
/// had never run in a Backup and were compiled right then. Generic methods are left to the JIT. In a native
/// (ahead-of-time compiled) build there is no JIT: everything is compiled already, and this does nothing.
/// </summary>
internal static class VrrpHotPath
{
    private static readonly Type[] Types =
    [
        typeof(VrrpInstance), typeof(VrrpPacketDispatcher), typeof(DecodedAdvertisementCache), typeof(VrrpAdvertisementChecks),
        typeof(VrrpTimerThread), typeof(VrrpSyncGroup), typeof(VrrpAdvertisement), typeof(VrrpPacketCodec), typeof(InternetChecksum),
        typeof(VrrpIpv4Datagram), typeof(VrrpAuthenticationHeader), typeof(VrrpTimers), typeof(GratuitousArpFrame),
        typeof(UnsolicitedNeighborAdvertisementFrame), typeof(PreparedVrrpTransport), typeof(RawVrrpTransport),
        typeof(AuthenticationHeaderVrrpTransport), typeof(RawVrrpReceiver), typeof(GratuitousAnnouncer),
        typeof(NetlinkVirtualAddressManager), typeof(RtnetlinkAddressMessages), typeof(RouteNetlinkSocket), typeof(PacketFrameSender),
    ];

    private static int s_compiled = -1;

    /// <summary>Compiles the methods (the first call does the work); returns how many were compiled.</summary>
    public static int Compile()
    {
        if (!RuntimeFeature.IsDynamicCodeCompiled) return 0;
        if (Volatile.Read(ref s_compiled) >= 0) return s_compiled;
        lock (Types)
        {
            if (s_compiled >= 0) return s_compiled;
            var count = 0;
            foreach (var type in Types) count += CompileType(type);
            Volatile.Write(ref s_compiled, count);
            return count;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only where code is JIT-compiled (not trimmed); a native build returns before.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Only where code is JIT-compiled (not trimmed); a native build returns before.")]
    private static int CompileType(Type type)
    {
        const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var count = 0;
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null) continue;
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            count++;
        }
        foreach (var nested in type.GetNestedTypes(All))
            if (!nested.ContainsGenericParameters) count += CompileType(nested);
        return count;
    }
}

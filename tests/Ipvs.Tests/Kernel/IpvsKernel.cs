using System.Diagnostics;
using LvsDirector.Common.Interop;
using LvsDirector.Common.Netlink;
using LvsDirector.TestSupport;

namespace LvsDirector.Ipvs.Tests.Kernel;

/// <summary>
/// Helpers for the kernel tests. They run inside the IPVS VM (../shared/ipvs-vm/run-in-vm), whose root
/// network namespace is throw-away and ours alone; every test starts from an empty IPVS table.
/// </summary>
internal static class IpvsKernel
{
    public const string Category = "Vm";

    /// <summary>Opens a client on the kernel's IPVS family; fails (never skips) outside the VM.</summary>
    public static async Task<IpvsClient> OpenAsync()
    {
        Prerequisites.RequireRoot();
        try
        {
            return await IpvsClient.OpenAsync(CancellationToken.None);
        }
        catch (NetlinkException e) when (e.Errno == Errno.ENOENT)
        {
            throw new PrerequisiteMissingException(
                "this kernel has no IPVS generic netlink family: the Vm tests must run inside ../shared/ipvs-vm/run-in-vm " +
                $"(IPVS_VM={Environment.GetEnvironmentVariable("IPVS_VM") ?? "unset"}); e.g. /work/shared/ipvs-vm/run-in-vm --timeout 900 -- " +
                "dotnet vstest tests/Ipvs.Tests/bin/Release/net10.0/LvsDirector.Ipvs.Tests.dll --TestCaseFilter:Category=Vm");
        }
    }

    /// <summary>Opens a client on an empty table: flushes services, stops sync daemons, restores default timeouts.</summary>
    public static async Task<IpvsClient> OpenCleanAsync()
    {
        var client = await OpenAsync();
        await client.FlushAsync(CancellationToken.None);
        foreach (var daemon in await client.GetDaemonsAsync(CancellationToken.None))
            await client.DeleteDaemonAsync(daemon.State, CancellationToken.None);
        await client.SetTimeoutsAsync(new LvsDirector.Ipvs.Model.IpvsTimeouts(900, 120, 300), CancellationToken.None);
        return client;
    }

    /// <summary>Runs ipvsadm (the Debian binary) and returns its stdout; throws with stderr on failure.</summary>
    public static string Ipvsadm(params string[] arguments) => Run(Prerequisites.RequireCommand("ipvsadm", "ipvsadm"), arguments);

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>Non-empty lines of `ipvsadm -Sn` (save format), sorted: a canonical view of the table.</summary>
    public static IReadOnlyList<string> SaveSorted() =>
        Ipvsadm("-Sn").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IpvsKernelCollection
{
    public const string Name = "IPVS kernel";
}

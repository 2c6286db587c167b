using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// The no_accept filter through nft(8) (Debian package nftables), run in the router's network namespace
/// (<c>ip netns exec NS nft -f -</c> for a named one). keepalived programs nftables over netlink itself;
/// the nft binary keeps this small, and the filter changes only on start, reload and stop.
/// </summary>
internal sealed partial class NftablesAcceptFilter : IAcceptFilter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string? _networkNamespace;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private HashSet<IPAddress> _current = new();

    public NftablesAcceptFilter(string? networkNamespace, ILogger logger)
    {
        _networkNamespace = networkNamespace;
        _logger = logger;
    }

    public void Apply(IReadOnlyCollection<IPAddress> addresses)
    {
        lock (_gate)
        {
            if (_current.SetEquals(addresses)) return;
            var script = NftablesScript.Build(addresses);
            var (file, arguments) = _networkNamespace is null ? ("nft", "-f -") : ("ip", $"netns exec {_networkNamespace} nft -f -");
            try
            {
                using var process = Process.Start(new ProcessStartInfo(file, arguments)
                {
                    RedirectStandardInput = true,
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                }) ?? throw new InvalidOperationException("nft did not start");
                process.StandardInput.Write(script);
                process.StandardInput.Close();
                var error = process.StandardError.ReadToEndAsync();
                process.StandardOutput.ReadToEnd();
                if (!process.WaitForExit(Timeout))
                {
                    process.Kill();
                    Log.Failed(_logger, "nft did not finish");
                    return;
                }
                if (process.ExitCode != 0)
                {
                    Log.Failed(_logger, error.Result.Trim());
                    return;
                }
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                Log.Failed(_logger, $"{ex.Message} (is the nftables package installed?)");
                return;
            }
            if (addresses.Count == 0) Log.Removed(_logger);
            else Log.Applied(_logger, string.Join(", ", addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal)));
            _current = addresses.ToHashSet();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AcceptFilterApplied, LogLevel.Information, "no_accept: dropping traffic to {Addresses} (nftables table inet " + NftablesScript.Table + ")")]
        public static partial void Applied(ILogger logger, string addresses);

        [LoggerMessage(EventIds.AcceptFilterApplied, LogLevel.Information, "no_accept: nftables table inet " + NftablesScript.Table + " removed")]
        public static partial void Removed(ILogger logger);

        [LoggerMessage(EventIds.AcceptFilterFailed, LogLevel.Error, "no_accept: cannot program nftables: {Error}")]
        public static partial void Failed(ILogger logger, string error);
    }
}

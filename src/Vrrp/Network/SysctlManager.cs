using Microsoft.Extensions.Logging;

namespace LvsDirector.Vrrp.Network;

/// <summary>
/// Sets the sysctls VRRP needs and puts back what it found: each entry's first-seen value is kept and
/// restored when its last user releases it (or on <see cref="RestoreAll"/> at exit), as keepalived does
/// with arp_ignore, arp_filter and rp_filter. One log line per change.
/// </summary>
internal sealed partial class SysctlManager
{
    private readonly ISysctl _sysctl;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (string Original, int Users)> _held = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public SysctlManager(ISysctl sysctl, ILogger logger)
    {
        _sysctl = sysctl;
        _logger = logger;
    }

    /// <summary>The entries currently held with the values they will be restored to.</summary>
    public IReadOnlyDictionary<string, string> Held
    {
        get
        {
            lock (_gate) return _held.ToDictionary(e => e.Key, e => e.Value.Original, StringComparer.Ordinal);
        }
    }

    /// <summary>Sets <paramref name="path"/> to <paramref name="value"/> for one more user; false if it could not.</summary>
    public bool Set(string path, string value)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(path, out var held))
            {
                _held[path] = held with { Users = held.Users + 1 };
                return true;
            }
            var original = _sysctl.Read(path);
            if (original is null)
            {
                Log.Missing(_logger, ToName(path));
                return false;
            }
            if (original != value && !_sysctl.Write(path, value))
            {
                Log.WriteFailed(_logger, ToName(path), value);
                return false;
            }
            if (original != value) Log.Changed(_logger, ToName(path), value, original);
            _held[path] = (original, 1);
            return true;
        }
    }

    /// <summary>One user fewer; the last one puts the original value back.</summary>
    public void Release(string path)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(path, out var held)) return;
            if (held.Users > 1)
            {
                _held[path] = held with { Users = held.Users - 1 };
                return;
            }
            _held.Remove(path);
            Restore(path, held.Original);
        }
    }

    public void RestoreAll()
    {
        lock (_gate)
        {
            foreach (var (path, held) in _held) Restore(path, held.Original);
            _held.Clear();
        }
    }

    private void Restore(string path, string original)
    {
        var current = _sysctl.Read(path);
        if (current is null || current == original) return;
        if (_sysctl.Write(path, original)) Log.Restored(_logger, ToName(path), original);
        else Log.WriteFailed(_logger, ToName(path), original);
    }

    /// <summary>net/ipv4/conf/eth0/arp_ignore → net.ipv4.conf.eth0.arp_ignore (interface names keep their dots).</summary>
    internal static string ToName(string path)
    {
        var parts = path.Split('/');
        return string.Join('.', parts);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SysctlChanged, LogLevel.Information, "setting sysctl {Name}={Value} (was {Original})")]
        public static partial void Changed(ILogger logger, string name, string value, string original);

        [LoggerMessage(EventIds.SysctlRestored, LogLevel.Information, "restoring sysctl {Name}={Value}")]
        public static partial void Restored(ILogger logger, string name, string value);

        [LoggerMessage(EventIds.SysctlFailed, LogLevel.Warning, "cannot set sysctl {Name}={Value}")]
        public static partial void WriteFailed(ILogger logger, string name, string value);

        [LoggerMessage(EventIds.SysctlFailed, LogLevel.Warning, "sysctl {Name} does not exist")]
        public static partial void Missing(ILogger logger, string name);
    }
}

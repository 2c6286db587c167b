
namespace LvsDirector.TestSupport;

/// <summary>
/// Integration-test prerequisites. A missing prerequisite fails the test with a message that says
/// what is missing and how to install it; it never skips (DEVELOPERS.md).
/// </summary>
public static class Prerequisites
{
    public static bool IsRoot => Environment.UserName == "root" || GetEuid() == 0;

    public static void RequireRoot()
    {
        if (!IsRoot)
            throw new PrerequisiteMissingException("needs root (network namespaces, raw sockets): run the test suite as root, e.g. sudo ./run-tests.sh");
    }

    /// <summary>Fails unless <paramref name="command"/> is on PATH; names the Debian package to install.</summary>
    public static string RequireCommand(string command, string debianPackage)
    {
        var path = FindOnPath(command);
        if (path is null)
            throw new PrerequisiteMissingException($"needs '{command}' from the Debian package {debianPackage}: apt-get install -y --no-install-recommends {debianPackage}");
        return path;
    }

    public static string? FindOnPath(string command)
    {
        if (command.Contains('/')) return File.Exists(command) ? command : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':'))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var dir in new[] { "/usr/sbin", "/sbin" })
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The repository root (the folder holding LvsDirector.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LvsDirector.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new PrerequisiteMissingException("cannot find LvsDirector.sln above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The shared/ folder that sits beside the repository (golden frames, samples, ipvs-vm).</summary>
    public static string SharedRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("LVS_SHARED_DIR");
            if (!string.IsNullOrEmpty(env)) return env;
            var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            if (!Directory.Exists(candidate))
                throw new PrerequisiteMissingException($"needs the shared/ folder beside the repository ({candidate}) or LVS_SHARED_DIR");
            return candidate;
        }
    }

    private static int GetEuid()
    {
        try
        {
            var status = File.ReadAllLines("/proc/self/status");
            var uid = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            if (uid is null) return -1;
            var parts = uid.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(parts[2]);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}

public sealed class PrerequisiteMissingException(string message) : Exception("prerequisite missing: " + message);

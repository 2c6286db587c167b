namespace LvsDirector.Vrrp.Network;

/// <summary>
/// /proc/sys through files opened on the namespace's thread: /proc/sys/net shows the network namespace of
/// the thread that opens it.
/// </summary>
internal sealed class ProcSysctl(Func<Func<object?>, object?> inNamespace) : ISysctl
{
    public string? Read(string path) => (string?)inNamespace(() =>
    {
        try
        {
            return File.ReadAllText(Path.Combine("/proc/sys", path)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    });

    public bool Write(string path, string value) => (bool)inNamespace(() =>
    {
        try
        {
            File.WriteAllText(Path.Combine("/proc/sys", path), value);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    })!;
}

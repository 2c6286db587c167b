namespace LvsDirector.Hosting;

/// <summary>A pid file written at start and removed at exit, as keepalived's -p.</summary>
internal sealed class PidFile : IDisposable
{
    private readonly string? _path;

    public PidFile(string? path)
    {
        if (path is null) return;
        var dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Environment.ProcessId + "\n");
        _path = path;
    }

    public void Dispose()
    {
        if (_path is null) return;
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }
    }
}

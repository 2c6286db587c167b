using LvsDirector.Config;

namespace LvsDirector.Director.Tests.Config;

internal static class ConfigTestHelpers
{
    public static ConfigLoadOptions Offline { get; } = new() { ConfigId = "node1", CheckEnvironment = false };

    public static KeepalivedConfig Load(string text, ConfigLoadOptions? options = null, string? dir = null) =>
        KeepalivedConfigLoader.LoadText(text, options ?? Offline, "test.conf", dir ?? Path.GetTempPath());

    public static string Messages(KeepalivedConfig config) => string.Join("\n", config.Diagnostics.Items.Select(d => d.ToString()));

    /// <summary>A fresh temporary directory, removed on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lvsd-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, string content)
        {
            var full = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            return full;
        }

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}

using System.Text.Json;
using LvsDirector.Ipvs.Model;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// Ownership in a small JSON file, {"version":1,"services":["TCP 192.0.2.100:80","FWM 7"]}, written
/// atomically (temporary file + rename) so a crash mid-write leaves the previous set.
/// </summary>
internal sealed class FileOwnershipStore : IIpvsOwnershipStore
{
    private const int Version = 1;

    /// <summary>A state file larger than this is not ours to trust.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    private readonly string _path;

    public FileOwnershipStore(string path) => _path = path;

    public string Location => _path;

    public IReadOnlySet<IpvsServiceKey> Load()
    {
        var owned = new HashSet<IpvsServiceKey>();
        if (!File.Exists(_path)) return owned;
        if (new FileInfo(_path).Length > MaxFileBytes) throw new InvalidDataException($"{_path} is larger than {MaxFileBytes} bytes");
        StateFile? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllBytes(_path), OwnershipJsonContext.Default.StateFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_path} is not a valid IPVS ownership file: {e.Message}", e);
        }
        if (state?.Services is null) throw new InvalidDataException($"{_path} has no services list");
        foreach (var text in state.Services)
        {
            if (!IpvsServiceKey.TryParse(text, out var key)) throw new InvalidDataException($"{_path}: '{text}' is not a service key");
            owned.Add(key);
        }
        return owned;
    }

    public void Save(IReadOnlySet<IpvsServiceKey> owned)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var state = new StateFile { Version = Version, Services = owned.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList() };
        var temporary = _path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, OwnershipJsonContext.Default.StateFile));
        File.Move(temporary, _path, overwrite: true);
    }

    internal sealed class StateFile
    {
        [System.Text.Json.Serialization.JsonPropertyName("version")]
        public int Version { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("services")]
        public List<string>? Services { get; set; }
    }
}

using System.Text.Json.Serialization;

namespace LvsDirector.Ipvs.Reconcile;

/// <summary>
/// The ownership file's JSON, generated at compile time: no reflection, so the native (ahead-of-time compiled)
/// build that install.sh installs reads and writes it as the JIT build does.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(FileOwnershipStore.StateFile))]
internal sealed partial class OwnershipJsonContext : JsonSerializerContext;

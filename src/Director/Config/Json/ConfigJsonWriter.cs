using System.Text.Json;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Json;

/// <summary>Writes the effective model as JSON (docs/config-json.md describes the schema).</summary>
internal static class ConfigJsonWriter
{
    public static void Write(ConfigObject model, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        WriteValue(writer, model);
        writer.Flush();
    }

    public static string ToJson(ConfigObject model)
    {
        using var stream = new MemoryStream();
        Write(model, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, ConfigValue value)
    {
        switch (value)
        {
            case ConfigBool b: writer.WriteBooleanValue(b.Value); break;
            case ConfigInteger i: writer.WriteNumberValue(i.Value); break;
            case ConfigNumber n: writer.WriteNumberValue(n.Value); break;
            case ConfigString s: writer.WriteStringValue(s.Value); break;
            case ConfigArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case ConfigObject o:
                writer.WriteStartObject();
                foreach (var (key, v) in o.Entries)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, v);
                }
                writer.WriteEndObject();
                break;
        }
    }
}

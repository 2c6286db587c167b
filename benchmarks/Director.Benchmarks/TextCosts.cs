using System.Diagnostics;
using System.Text;

/// <summary>
/// `text FILE`: what reading a configuration's text costs on this machine, step by step (a probe for the IPVS VM,
/// whose emulated CPU makes some library routines far dearer than others).
/// </summary>
internal static class TextCosts
{
    public static int Run(string path)
    {
        var sw = Stopwatch.StartNew();
        void Step(string what)
        {
            Console.WriteLine($"{what}: {sw.Elapsed.TotalMilliseconds:F0} ms");
            sw.Restart();
        }
        var bytes = File.ReadAllBytes(path);
        Step($"ReadAllBytes ({bytes.Length} B)");
        var count = Encoding.UTF8.GetCharCount(bytes);
        Step("UTF8.GetCharCount");
        var text = Encoding.UTF8.GetString(bytes);
        Step("UTF8.GetString");
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
        Step("scalar byte->char loop");
        var latin = Encoding.Latin1.GetString(bytes);
        Step("Latin1.GetString");
        var lines = 0;
        var at = 0;
        while (true)
        {
            var n = text.AsSpan(at).IndexOf('\n');
            if (n < 0) break;
            at += n + 1;
            lines++;
        }
        Step($"IndexOf('\\n') per line ({lines})");
        lines = 0;
        foreach (var c in text) if (c == '\n') lines++;
        Step("scalar newline count");
        var hits = 0;
        at = 0;
        while (true)
        {
            var n = text.AsSpan(at).IndexOf('\n');
            if (n < 0) break;
            if (text.AsSpan(at, n).IndexOfAny('"', '\'', '\\') >= 0) hits++;
            at += n + 1;
        }
        Step("IndexOfAny(3) per line");
        GC.KeepAlive(chars); GC.KeepAlive(latin);
        return count == text.Length ? 0 : 1;
    }
}

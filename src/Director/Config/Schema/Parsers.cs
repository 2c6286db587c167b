using System.Globalization;
using LvsDirector.Config.Model;

namespace LvsDirector.Config.Schema;

/// <summary>Readers for keyword lines whose arguments have a grammar of their own.</summary>
internal static partial class Parsers
{
    /// <summary>Any number of words, kept as an array of strings.</summary>
    public static ConfigValue? Words(ParseContext c, string keyword, string[] args) =>
        new ConfigArray(args.Select(a => (ConfigValue)c.Str(a)).ToList(), c.Location);

    /// <summary>An optional word: <c>true</c> alone, or the word.</summary>
    public static ConfigValue? OptionalWord(ParseContext c, string keyword, string[] args)
    {
        if (args.Length > 1) c.Warning($"'{keyword}': extra words '{string.Join(' ', args.Skip(1))}' ignored");
        return args.Length == 0 ? c.Bool(true) : c.Str(args[0]);
    }

    /// <summary><c>lvs_flush_on_stop [VS]</c>: the whole table (true), or only our virtual servers ("VS").</summary>
    public static ConfigValue? LvsFlushOnStop(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0) return c.Bool(true);
        if (args.Length > 1) c.Warning($"'{keyword}': extra words '{string.Join(' ', args.Skip(1))}' ignored");
        if (args[0] == "VS") return c.Str("VS");
        c.Error($"'{keyword}': unknown type '{args[0]}' (VS, or nothing for the whole table): not flushed");
        return null;
    }

    /// <summary><c>user [[:]group]</c>.</summary>
    public static ConfigValue? UserGroup(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error($"'{keyword}' needs a user name");
            return null;
        }
        var o = c.Obj();
        o.Set("user", c.Str(args[0]));
        if (args.Length > 1)
        {
            o.Set("group", c.Str(args[1].TrimStart(':')));
            if (args[1].StartsWith(':')) o.Set("supplementary_groups", c.Bool(true));
        }
        return o;
    }

    /// <summary><c>FIFO [user [group]]</c>.</summary>
    public static ConfigValue? Fifo(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error($"'{keyword}' needs a FIFO path");
            return null;
        }
        var o = c.Obj();
        o.Set("path", c.Str(args[0]));
        if (args.Length > 1) o.Set("user", c.Str(args[1]));
        if (args.Length > 2) o.Set("group", c.Str(args[2]));
        return o;
    }

    /// <summary>One recipient: <c>addr</c> or <c>"Name &lt;addr&gt;"</c>.</summary>
    public static ConfigValue? EmailItem(ParseContext c, string keyword, string[] args)
    {
        // A bare name ("acassen") is a local mailbox, as in keepalived's samples.
        return c.Str(args.Length == 0 ? keyword : keyword + " " + string.Join(' ', args));
    }

    /// <summary><c>smtp_server HOST|IP [PORT]</c>.</summary>
    public static ConfigValue? SmtpServer(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error("'smtp_server' needs a host");
            return null;
        }
        var o = c.Obj();
        o.Set("host", c.Str(args[0]));
        long port = 25;
        if (args.Length > 1 && !c.TryInteger("smtp_server port", args[1], 1, 65535, out port)) port = 25;
        o.Set("port", c.Int(port));
        return o;
    }

    /// <summary><c>[all] SECS</c> (garp_extra_if).</summary>
    public static ConfigValue? GarpExtraIf(ParseContext c, string keyword, string[] args)
    {
        var o = c.Obj();
        var i = 0;
        if (args.Length > 0 && args[0] == "all")
        {
            o.Set("all", c.Bool(true));
            i = 1;
        }
        if (i >= args.Length)
        {
            c.Error($"'{keyword}' needs an interval in seconds");
            return null;
        }
        if (!c.TryTimer(keyword, args[i], 0, 86400, out var secs)) return null;
        o.Set("interval", c.Num(secs));
        return o;
    }

    /// <summary><c>lvs_sync_daemon IF [[inst] VI] [id N] [maxlen L] [port P] [ttl T] [group IP]</c>.</summary>
    public static ConfigValue? LvsSyncDaemon(ParseContext c, string keyword, string[] args)
    {
        if (args.Length == 0)
        {
            c.Error("'lvs_sync_daemon' needs an interface");
            return null;
        }
        var o = c.Obj();
        o.Set("interface", c.Str(args[0]));
        for (var i = 1; i < args.Length; i++)
        {
            var word = args[i];
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (word)
            {
                case "inst":
                    if (Next() is { } vi) o.Set("instance", c.Str(vi));
                    break;
                case "id":
                    if (Next() is { } id && c.TryInteger("lvs_sync_daemon id", id, 0, 255, out var idv)) o.Set("id", c.Int(idv));
                    break;
                case "maxlen":
                    if (Next() is { } ml && c.TryInteger("lvs_sync_daemon maxlen", ml, 1, 65535 - 20 - 8, out var mlv)) o.Set("maxlen", c.Int(mlv));
                    break;
                case "port":
                    if (Next() is { } p && c.TryInteger("lvs_sync_daemon port", p, 1, 65535, out var pv)) o.Set("port", c.Int(pv));
                    break;
                case "ttl":
                    if (Next() is { } t && c.TryInteger("lvs_sync_daemon ttl", t, 1, 255, out var tv)) o.Set("ttl", c.Int(tv));
                    break;
                case "group":
                    if (Next() is { } g && c.TryAddress("lvs_sync_daemon group", g, out var ga)) o.Set("group", c.Str(ga.ToString()));
                    break;
                default:
                    if (i == 1) o.Set("instance", c.Str(word)); // the VRRP instance may be given without 'inst'
                    else c.Error($"lvs_sync_daemon: unknown option '{word}'");
                    break;
            }
        }
        if (!o.Contains("port")) o.Set("port", c.Int(8848));
        if (!o.Contains("group")) o.Set("group", c.Str("224.0.0.81"));
        return o;
    }

    /// <summary><c>lvs_timeouts [tcp S] [tcpfin S] [udp S]</c>.</summary>
    public static ConfigValue? LvsTimeouts(ParseContext c, string keyword, string[] args)
    {
        var o = c.Obj();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is not ("tcp" or "tcpfin" or "udp"))
            {
                c.Error($"lvs_timeouts: unknown protocol '{name}' (tcp, tcpfin, udp)");
                continue;
            }
            if (i + 1 >= args.Length)
            {
                c.Error($"lvs_timeouts: '{name}' needs a number of seconds");
                break;
            }
            if (c.TryInteger($"lvs_timeouts {name}", args[++i], 0, int.MaxValue / 100, out var secs)) o.Set(name, c.Int(secs));
        }
        return o;
    }

    /// <summary>A tracker reference: <c>NAME [weight W [reverse|noreverse]]</c>.</summary>
    public static ValueParser TrackItem(long min, long max) => (c, keyword, args) =>
    {
        var o = c.Obj();
        o.Set("name", c.Str(keyword));
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "weight" when i + 1 < args.Length:
                    if (c.TryInteger($"{keyword} weight", args[++i], min, max, out var w)) o.Set("weight", c.Int(w));
                    break;
                case "reverse":
                    o.Set("reverse", c.Bool(true));
                    break;
                case "noreverse":
                    o.Set("reverse", c.Bool(false));
                    break;
                default:
                    c.Error($"'{keyword}': unexpected '{args[i]}' (weight N [reverse|noreverse])");
                    break;
            }
        }
        return o;
    };

    /// <summary><c>weight N [reverse]</c> lines of trackers.</summary>
    public static ValueParser WeightReverse(long min, long max) => (c, keyword, args) =>
    {
        if (args.Length == 0)
        {
            c.Error($"'{keyword}' needs a value");
            return null;
        }
        if (!c.TryInteger(keyword, args[0], min, max, out var w)) return null;
        if (args.Length > 1)
        {
            if (args[1] == "reverse") c.Target?.Set("reverse", c.Bool(true));
            else c.Error($"'{keyword}': unexpected '{args[1]}' (only 'reverse' may follow)");
        }
        return c.Int(w);
    };

    public static string Invariant(double d) => d.ToString(CultureInfo.InvariantCulture);
}

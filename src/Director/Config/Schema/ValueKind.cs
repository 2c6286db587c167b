namespace LvsDirector.Config.Schema;

/// <summary>How a keyword's arguments are read (keepalived.conf(5) "PARAMETER SYNTAX").</summary>
internal enum ValueKind
{
    /// <summary>No argument: present means true.</summary>
    Flag,
    /// <summary><c>[&lt;BOOL&gt;]</c>: on|off|true|false|yes|no, omitted means true.</summary>
    OptionalBool,
    /// <summary>A whole number within [Min, Max].</summary>
    Integer,
    /// <summary>Seconds, fractions allowed (microsecond resolution) within [Min, Max].</summary>
    Timer,
    /// <summary>One word.</summary>
    Word,
    /// <summary>The rest of the line, words joined by one space.</summary>
    Text,
    /// <summary>One word out of a fixed set.</summary>
    Enum,
    /// <summary>An IPv4 or IPv6 address.</summary>
    Address,
    /// <summary>A script spec: <c>path [args] | "path args"</c> then optional <c>user [[:]group]</c>.</summary>
    Script,
    /// <summary>Read by the keyword's own parser.</summary>
    Custom,
    /// <summary>A block of keywords (<see cref="KeywordSpec.Block"/>).</summary>
    Block,
    /// <summary>A block whose lines are items read by the keyword's item parser.</summary>
    ItemBlock,
}

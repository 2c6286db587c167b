namespace LvsDirector.Vrrp.Configuration;

/// <summary>What a policy rule does (FR_ACT_* in include/uapi/linux/fib_rules.h).</summary>
public enum RuleAction : byte
{
    /// <summary><c>table N</c> / <c>lookup N</c>.</summary>
    ToTable = 1,

    /// <summary><c>goto PREF</c>.</summary>
    Goto = 2,

    /// <summary><c>nop</c>.</summary>
    Nop = 3,

    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

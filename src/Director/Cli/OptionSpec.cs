namespace LvsDirector.Cli;

/// <summary>One command-line option: its short letter (or '\0'), long name and argument kind.</summary>
internal sealed record OptionSpec(char Short, string Long, OptionArgument Argument, string Help);

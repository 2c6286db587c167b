namespace LvsDirector.Cli;

/// <summary>getopt_long's has_arg: none, required, or optional (attached only: <c>-tFILE</c>, <c>--config-test=FILE</c>).</summary>
internal enum OptionArgument
{
    None,
    Required,
    Optional,
}

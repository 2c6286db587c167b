namespace LvsDirector.Cli;

/// <summary>
/// Parses arguments as getopt_long(3) does, because keepalived's users type keepalived's forms:
/// bundled short options (<c>-nlP</c>), attached or separate required values (<c>-fFILE</c>, <c>-f FILE</c>,
/// <c>--use-file=FILE</c>, <c>--use-file FILE</c>), optional values only attached (<c>-tFILE</c>,
/// <c>--config-test=FILE</c>), unambiguous long-name prefixes, and <c>--</c> ending the options.
/// </summary>
internal sealed class GetoptParser
{
    private readonly IReadOnlyList<OptionSpec> _specs;

    public GetoptParser(IReadOnlyList<OptionSpec> specs) => _specs = specs;

    /// <summary>Options in order (long name → value or null) and the remaining operands; errors are collected.</summary>
    public (List<KeyValuePair<string, string?>> Options, List<string> Operands, List<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var options = new List<KeyValuePair<string, string?>>();
        var operands = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = arg.IndexOf('=');
                var name = eq < 0 ? arg[2..] : arg[2..eq];
                var spec = FindLong(name, errors);
                if (spec is null) continue;
                string? value = eq < 0 ? null : arg[(eq + 1)..];
                switch (spec.Argument)
                {
                    case OptionArgument.None when value is not null:
                        errors.Add($"option '--{spec.Long}' doesn't allow an argument");
                        continue;
                    case OptionArgument.Required when value is null:
                        if (i + 1 >= args.Count)
                        {
                            errors.Add($"option '--{spec.Long}' requires an argument");
                            continue;
                        }
                        value = args[++i];
                        break;
                }
                options.Add(new(spec.Long, value));
                continue;
            }
            if (arg.Length > 1 && arg[0] == '-')
            {
                for (var j = 1; j < arg.Length; j++)
                {
                    var letter = arg[j];
                    var spec = _specs.FirstOrDefault(s => s.Short == letter);
                    if (spec is null)
                    {
                        errors.Add($"invalid option -- '{letter}'");
                        continue;
                    }
                    if (spec.Argument == OptionArgument.None)
                    {
                        options.Add(new(spec.Long, null));
                        continue;
                    }
                    var rest = arg[(j + 1)..];
                    if (rest.Length > 0)
                    {
                        options.Add(new(spec.Long, rest));
                    }
                    else if (spec.Argument == OptionArgument.Required)
                    {
                        if (i + 1 >= args.Count) errors.Add($"option requires an argument -- '{letter}'");
                        else options.Add(new(spec.Long, args[++i]));
                    }
                    else
                    {
                        options.Add(new(spec.Long, null));
                    }
                    break;
                }
                continue;
            }
            operands.Add(arg);
        }
        return (options, operands, errors);
    }

    private OptionSpec? FindLong(string name, List<string> errors)
    {
        var exact = _specs.FirstOrDefault(s => s.Long == name);
        if (exact is not null) return exact;
        var candidates = _specs.Where(s => s.Long.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (candidates.Count == 1 && name.Length > 0) return candidates[0];
        errors.Add(candidates.Count > 1 ? $"option '--{name}' is ambiguous" : $"unrecognized option '--{name}'");
        return null;
    }
}

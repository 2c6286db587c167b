using System.Runtime.CompilerServices;
using LvsDirector.Config.Binding;
using LvsDirector.Config.Lexing;
using LvsDirector.Config.Model;
using LvsDirector.Config.Schema;
using LvsDirector.Config.Syntax;
using LvsDirector.Config.Validation;

namespace LvsDirector.Config;

/// <summary>
/// Loads a keepalived.conf: preprocess (includes, conditionals, definitions, repetition) → syntax tree →
/// effective model through the keyword tables → semantic validation. Never throws on file content.
/// </summary>
internal static class KeepalivedConfigLoader
{
    public static KeepalivedConfig LoadFile(string path, ConfigLoadOptions? options = null)
    {
        options ??= new ConfigLoadOptions();
        using var noCollections = LoadWithoutCollections.Begin(path);
        return Load(options, pre => pre.ProcessFile(path));
    }

    public static KeepalivedConfig LoadText(string text, ConfigLoadOptions? options = null, string name = "keepalived.conf", string? baseDirectory = null)
    {
        options ??= new ConfigLoadOptions();
        return Load(options, pre => pre.ProcessText(name, text, baseDirectory ?? Environment.CurrentDirectory));
    }

    private static KeepalivedConfig Load(ConfigLoadOptions options, Action<ConfigPreprocessor> read)
    {
        var diagnostics = new ConfigDiagnostics(options.Limits.MaxDiagnostics);
        var model = ReadModel(options, read, diagnostics, out var files);
        var bound = ConfigValidator.Validate(model, diagnostics, options);
        return new KeepalivedConfig(model, diagnostics, files) { Bound = bound };
    }

    // Preprocess, parse and bind in a method of their own: the syntax tree (and the preprocessor, which
    // holds the parser) is unreachable once this returns, so validation and the library binders do not
    // run with both the tree and the model in memory (issue 2: peak memory).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ConfigObject ReadModel(ConfigLoadOptions options, Action<ConfigPreprocessor> read, ConfigDiagnostics diagnostics, out List<string> files)
    {
        // The binder works on each top-level block on its own thread while the rest is read and parsed.
        using var binding = new BindingPipeline(KeepalivedSchema.Root, options.Limits.MaxDiagnostics);
        var parser = new ConfigParser(diagnostics, options.Limits.MaxBlockDepth) { TopLevelCompleted = binding.Post };
        var preprocessor = new ConfigPreprocessor(options.ConfigId, options.Limits, diagnostics, parser.AddLine);
        read(preprocessor);
        parser.Complete();
        files = preprocessor.Files;
        var model = binding.Complete();
        diagnostics.Append(binding.Diagnostics);
        if (model.GetObject("global_defs") is null)
        {
            // The effective model always has global_defs, with its defaults.
            var global = new ConfigObject(SourceLocation.None);
            new SchemaBinder(diagnostics).BindBlock(new List<ConfigNode>(), KeepalivedSchema.Root.Find("global_defs")!.Block!, global);
            model.Set("global_defs", global);
        }
        return model;
    }
}

using BenchmarkDotNet.Attributes;
using LvsDirector.Config;

namespace LvsDirector.Benchmarks;

/// <summary>Parse + validate of a generated config (scripts/bench/gen-large-config.py), smaller than the CLI figure.</summary>
[MemoryDiagnoser]
public class ConfigLoadBenchmarks
{
    private string _text = "";

    [Params(100)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sb = new System.Text.StringBuilder();
        for (var s = 0; s < Services; s++)
        {
            sb.Append($"virtual_server 10.100.0.{s % 250 + 1} {80 + s / 250} {{\n  lb_algo wrr\n  lb_kind DR\n");
            for (var r = 0; r < 100; r++)
                sb.Append($"  real_server 10.200.{s % 250}.{r + 1} 80 {{\n    weight 1\n    TCP_CHECK {{\n      connect_timeout 3\n    }}\n  }}\n");
            sb.Append("}\n");
        }
        _text = sb.ToString();
    }

    [Benchmark]
    public int LoadText() => KeepalivedConfigLoader.LoadText(_text, new ConfigLoadOptions { CheckEnvironment = false }).Diagnostics.Items.Count;
}

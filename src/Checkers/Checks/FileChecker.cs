using System.Globalization;
using LvsDirector.Checkers.Configuration;

namespace LvsDirector.Checkers.Checks;

/// <summary>
/// FILE_CHECK: reads the integer in the tracked file (a missing file counts as 0). See <see cref="FileCheckOptions"/>
/// for how value, weight, reverse and dynamic combine.
/// </summary>
internal sealed class FileChecker(FileCheckOptions options, TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>Only the start of the file is read.</summary>
    public const int MaxFileBytes = 4096;

    public async ValueTask<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var start = timeProvider.GetTimestamp();
        long value;
        try
        {
            if (!File.Exists(options.Path))
            {
                value = 0;
            }
            else
            {
                await using var stream = new FileStream(options.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
                var buffer = new byte[MaxFileBytes];
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                var text = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Trim();
                var token = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "0";
                if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                    return CheckResult.Fail($"FILE {options.Path}: '{token}' is not an integer", timeProvider.GetElapsedTime(start));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail($"FILE {options.Path}: {e.Message}", timeProvider.GetElapsedTime(start));
        }
        return Interpret(value, options, timeProvider.GetElapsedTime(start));
    }

    internal static CheckResult Interpret(long value, FileCheckOptions options, TimeSpan latency)
    {
        if (options.Weight == 0)
        {
            var failed = value != 0 ^ options.Reverse;
            return failed ? CheckResult.Fail($"FILE {options.Path}: value {value}", latency) : CheckResult.Pass(latency, $"value {value}");
        }
        var result = (long)Int128.Clamp((Int128)value * options.Weight * (options.Reverse ? -1 : 1), int.MinValue, int.MaxValue);
        if (options.Dynamic) return new CheckResult(true, $"value {value}", latency, WeightDelta: result);
        return result < 0 ? CheckResult.Fail($"FILE {options.Path}: value {value} × weight {options.Weight} is negative", latency) : CheckResult.Pass(latency, $"value {value}");
    }
}

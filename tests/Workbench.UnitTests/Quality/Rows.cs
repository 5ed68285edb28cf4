using System.Runtime.CompilerServices;
using Workbench.Engine.Quality.Model;

namespace Workbench.UnitTests.Quality;

/// <summary>Builds harmonised rows and streams them the way a connector would.</summary>
internal static class Rows
{
    public static HarmonisedRow Row(long position, object? key, params object?[] values) => new([key], values, null, position);

    public static HarmonisedRow Invalid(HarmonisedRow row, int index, string reason)
    {
        var failures = new string?[row.Values.Length];
        failures[index] = reason;
        row.Values[index] = null;
        return row with { Failures = failures };
    }

    public static async IAsyncEnumerable<HarmonisedRow> Stream(IEnumerable<HarmonisedRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return row;
        }
    }

    /// <summary>The counts of a report, without what legitimately differs between runs (time, engine, spilling, the issue sample).</summary>
    public static string Counts(QualityReport report) =>
        (report with { Engine = "", ElapsedMs = 0, Spilled = false, Issues = [] }).ToJson();
}

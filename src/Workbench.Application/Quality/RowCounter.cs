using System.Diagnostics;
using System.Runtime.CompilerServices;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Application.Quality;

/// <summary>
/// Counts the rows the engine pulls from each side and reports them: at most every 100 ms while reading (the
/// engine itself reports only every 16,384 rows), when a side is done, and before the join is finished.
/// </summary>
internal static class RowCounter
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> Count(
        IReadOnlyList<string> names, IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> sides, IProgress<QualityProgress>? progress)
    {
        if (progress is null)
            return sides;
        var counts = new long[sides.Count];
        var clock = Stopwatch.StartNew();
        return sides.Select((side, i) => CountAsync(side, i)).ToList();

        async IAsyncEnumerable<HarmonisedRow> CountAsync(IAsyncEnumerable<HarmonisedRow> rows, int side, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Report("reading " + names[side]);
            var last = clock.Elapsed;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                counts[side]++;
                if (clock.Elapsed - last >= Every)
                {
                    last = clock.Elapsed;
                    Report("reading " + names[side]);
                }
                yield return row;
            }
            Report(side == sides.Count - 1 ? "joining" : "read " + names[side]);
        }

        void Report(string phase) => progress.Report(new QualityProgress(phase, names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => counts[x.i])));
    }
}

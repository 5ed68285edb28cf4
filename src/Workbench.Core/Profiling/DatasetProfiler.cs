using System.Globalization;
using Workbench.Core.Sources;

namespace Workbench.Core.Profiling;

/// <summary>Profiles a stream of rows: every field, one pass, bounded memory; reports progress every 10,000 rows.</summary>
public static class DatasetProfiler
{
    public static async Task<DatasetProfile> ProfileAsync(
        IAsyncEnumerable<SourceRow> rows, IReadOnlyList<string> fields, long? sampleRows,
        IProgress<long>? progress = null, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        var profilers = fields.Select(f => new FieldProfiler(f, culture ?? CultureInfo.InvariantCulture)).ToArray();
        long count = 0;
        var complete = true;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (sampleRows is { } limit && count >= limit)
            {
                complete = false;
                break;
            }
            for (var i = 0; i < profilers.Length; i++)
                profilers[i].Add(row[fields[i]]);
            if (++count % 10_000 == 0)
                progress?.Report(count);
        }
        progress?.Report(count);
        return new DatasetProfile(count, complete, DateTimeOffset.UtcNow, profilers.Select(p => p.Result()).ToList(), SampleLimit: sampleRows);
    }
}

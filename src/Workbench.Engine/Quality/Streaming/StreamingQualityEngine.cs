using System.Diagnostics;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Streaming;

/// <summary>
/// The preview for sources that cannot be joined where they live: each side is streamed once, in view order,
/// into a hash join on the normalised key (<see cref="JoinTable"/>). When the table's estimate passes the memory
/// budget it is written out to partition files and the rest of the rows follow it there (grace hash join,
/// <see cref="SpillFiles"/>); the partitions are then joined one by one. Only the building sides' first row
/// per key is ever held; the last side is never held, only its keys. Given a <see cref="IMergedRowSink"/>, the run
/// also hands each joined key's merged row to it as the key is evaluated (materialization writes these rows).
/// </summary>
public static class StreamingQualityEngine
{
    public const string Name = "streaming";

    private const int ProgressEvery = 16_384;

    /// <param name="mergedRows">Receives one merged row per joined key; rows with a null key join nothing and are not given.</param>
    public static async Task<QualityReport> RunAsync(
        QualityDefinition definition,
        IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> sides,
        IProgress<QualityProgress>? progress = null,
        IMergedRowSink? mergedRows = null,
        CancellationToken cancellationToken = default)
    {
        definition.Validate();
        if (sides.Count != definition.Sides.Count)
            throw new ArgumentException($"The view has {definition.Sides.Count} sources but {sides.Count} row streams were given.");
        var elapsed = Stopwatch.StartNew();
        var report = new ReportBuilder(definition, mergeRows: mergedRows is not null);
        var run = new Run(definition, report, progress, mergedRows);
        try
        {
            for (var side = 0; side < sides.Count; side++)
                await run.ConsumeAsync(side, sides[side], cancellationToken);
            await run.FinishAsync(cancellationToken);
            progress?.Report(run.Progress("done"));
            return report.Build(Name, elapsed, run.Spilled);
        }
        finally
        {
            run.Dispose();
        }
    }

    private sealed class Run(QualityDefinition definition, ReportBuilder report, IProgress<QualityProgress>? progress, IMergedRowSink? sink) : IDisposable
    {
        private readonly JoinTable _table = new(definition.Sides.Count, report);
        private SpillFiles? _spill;

        public bool Spilled => _spill is not null;

        public async Task ConsumeAsync(int side, IAsyncEnumerable<HarmonisedRow> rows, CancellationToken cancellationToken)
        {
            var name = definition.Sides[side].Name;
            var width = definition.Sides[side].Fields.Count;
            var probing = side == _table.ProbeSide;
            // A failure of the sink is the consumer's own and passes as it is; only the source's are worded as such.
            var inSink = false;
            try
            {
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    if (row.Values.Length != width || row.Failures is { } f && f.Length != width)
                        throw new InvalidOperationException($"a row has {row.Values.Length} values where the mapping gives {width} fields");
                    var scanned = ++report.RowsScanned[side];
                    if (scanned % ProgressEvery == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        progress?.Report(Progress("reading " + name));
                    }
                    if (Add(side, probing, row) is { } merged)
                    {
                        inSink = true;
                        await sink!.AcceptAsync(merged, cancellationToken);
                        inSink = false;
                    }
                }
            }
            catch (Exception ex) when (!inSink && ex is not OperationCanceledException and not QualityPreviewException)
            {
                throw new QualityPreviewException($"Source '{name}' failed after {report.RowsScanned[side]} rows: {ex.Message}", ex);
            }
            progress?.Report(Progress("read " + name));
        }

        /// <summary>Takes one row in; a probe row that completes a key gives its merged row (when merging).</summary>
        private MergedRow? Add(int side, bool probing, HarmonisedRow row)
        {
            var key = KeyNormalizer.Normalize(row.Key);
            if (key is null)
            {
                report.NullKey(side, row);
                return null;
            }
            var kept = new SideRow(Harmonised(row.Values), row.Failures, row.Position);
            if (_spill is not null)
            {
                if (probing)
                    _spill.WriteProbe(side, key, kept);
                else
                    _spill.WriteBuild(side, key, kept, 0);
                return null;
            }
            MergedRow? merged = null;
            if (probing)
                merged = _table.Probe(key, kept);
            else
                _table.AddBuild(side, key, kept);
            if (_table.Bytes > definition.Options.MemoryBudgetBytes)
                SpillTable();
            return merged;
        }

        private void SpillTable()
        {
            _spill = new SpillFiles(definition.Options.SpillDirectory);
            foreach (var (key, entry) in _table.Entries)
            {
                if (entry.Rows is null)
                {
                    _spill.WriteDone(key, entry.RepeatMask);
                    continue;
                }
                for (var side = 0; side < entry.Rows.Length; side++)
                    if (entry.Rows[side] is { } row)
                        _spill.WriteBuild(side, key, row, entry.RepeatMask);
            }
            _table.Clear();
        }

        /// <summary>Evaluates the keys still held (or every spilled partition), handing their merged rows on.</summary>
        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            var rest = _spill is null
                ? _table.Finish()
                : _spill.JoinPartitions(() => new JoinTable(definition.Sides.Count, report), cancellationToken);
            foreach (var merged in rest)
                await sink!.AcceptAsync(merged, cancellationToken);
        }

        public QualityProgress Progress(string phase) => new(
            phase,
            definition.Sides.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => report.RowsScanned[x.i]));

        public void Dispose() => _spill?.Dispose();

        /// <summary>Narrow numeric types are widened once, so comparisons and spill files see one type per kind.</summary>
        private static object?[] Harmonised(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = values[i] switch
                {
                    int n => (long)n,
                    short n => (long)n,
                    float n => (double)n,
                    DBNull => null,
                    _ => values[i],
                };
            return values;
        }
    }
}

public sealed record QualityProgress(string Phase, IReadOnlyDictionary<string, long> RowsScanned);

/// <summary>A preview that could not complete; the message says which source and why, and nothing was cached.</summary>
public sealed class QualityPreviewException(string message, Exception? inner = null) : Exception(message, inner);

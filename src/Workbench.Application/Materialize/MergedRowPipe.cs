using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Application.Materialize;

/// <summary>
/// Runs the streaming join and turns its merged rows into destination rows (columns in table order, values in the
/// column's type) for a reader such as <see cref="TableWriter"/>. A bounded channel of row batches between the two keeps memory flat:
/// when the COPY is slower than the join, the join waits. The engine starts only when the rows are first read, so a
/// write that finds its effect already applied reads no source at all. A row with problems (a failed transform, a
/// broken rule) is, per <see cref="RejectsPolicy"/>, given on as a reject (the layout of <see cref="RejectsTarget"/>)
/// or stops the run once <see cref="FailAfter"/> are seen (or at the end), naming them.
/// </summary>
public sealed class MergedRowPipe(
    QualityDefinition definition,
    IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> sides,
    IReadOnlyList<DestinationColumn> columns,
    JoinKindFilter filter,
    RejectsPolicy rejects = RejectsPolicy.Table) : IMergedRowSink
{
    // Rows cross from the join to the COPY in batches: one hand-over per row kept both threads busy passing rows
    // (a profile put a quarter of the job in the channel and the thread pool's spinning). At most 4,096 rows in flight.
    private const int BatchSize = 512;
    private const int Capacity = 8;

    /// <summary>Under <see cref="RejectsPolicy.Fail"/>, the run stops at this many rejected rows: their reasons are enough to act on.</summary>
    public const int FailAfter = 5;

    private readonly List<string> _failures = [];

    private readonly Channel<object?[][]> _channel = Channel.CreateBounded<object?[][]>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private object?[][] _batch = new object?[BatchSize][];
    private int _batched;

    // For each destination column, the index of its field among the engine's merged values (-1: no source feeds it).
    private readonly int[] _fieldIndex = columns
        .Select(c => definition.Fields.Select(f => f.Name).ToList().IndexOf(c.Name))
        .ToArray();

    /// <summary>The report of the run, once every row was read.</summary>
    public QualityReport? Report { get; private set; }

    /// <summary>Joined keys the relationships' kinds leave out.</summary>
    public long RowsLeftOut { get; private set; }

    /// <summary>Joined keys the relationships' kinds keep: each is written or rejected.</summary>
    public long KeysKept { get; private set; }

    /// <summary>Kept keys given on as rejects.</summary>
    public long RowsRejected { get; private set; }

    public async IAsyncEnumerable<object?[]> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var engine = Task.Run(() => RunEngineAsync(stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in _channel.Reader.ReadAllAsync(cancellationToken))
                foreach (var row in batch)
                    yield return row;
            // The channel closes when the engine ends either way; its own exception is the one that explains.
            Report = await engine;
            if (_failures.Count > 0)
                throw Rejected(atLeast: false);
        }
        finally
        {
            if (!engine.IsCompleted)
            {
                // The reader stopped early (its COPY failed, or it was cancelled): stop the engine and let it end.
                await stop.CancelAsync();
                await engine.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }

    private async Task<QualityReport> RunEngineAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await StreamingQualityEngine.RunAsync(definition, sides, progress: null, mergedRows: this, cancellationToken: cancellationToken);
            await FlushAsync(cancellationToken);
            return report;
        }
        finally
        {
            _channel.Writer.TryComplete();
        }
    }

    public async ValueTask AcceptAsync(MergedRow row, CancellationToken cancellationToken)
    {
        if (!filter.Keeps(row))
        {
            RowsLeftOut++;
            return;
        }
        KeysKept++;
        if (row.Problems is { } problems)
        {
            RowsRejected++;
            if (rejects == RejectsPolicy.Table)
                await SendAsync(Reject(row, problems), cancellationToken);
            else if (_failures.Count < FailAfter)
            {
                _failures.Add($"key {row.Key}: {string.Join("; ", problems)}");
                if (_failures.Count == FailAfter)
                    throw Rejected(atLeast: true);
            }
            return;
        }
        var values = new object?[columns.Count + (rejects == RejectsPolicy.Table ? RejectsTarget.ExtraValues : 0)];
        for (var i = 0; i < columns.Count; i++)
        {
            if (_fieldIndex[i] < 0)
                continue;
            try
            {
                values[i] = columns[i].Convert(row.Values[_fieldIndex[i]]);
            }
            catch (ValueConversionException ex)
            {
                throw new ValueConversionException($"Key {row.Key}: {ex.Message}");
            }
        }
        await SendAsync(values, cancellationToken);
    }

    private async ValueTask SendAsync(object?[] row, CancellationToken cancellationToken)
    {
        _batch[_batched++] = row;
        if (_batched == BatchSize)
            await FlushAsync(cancellationToken);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_batched == 0)
            return;
        await _channel.Writer.WriteAsync(_batched == BatchSize ? _batch : _batch[.._batched], cancellationToken);
        _batch = new object?[BatchSize][];
        _batched = 0;
    }

    /// <summary>A reject: no destination values, then the key, the reasons and every column's value as text.</summary>
    private object?[] Reject(MergedRow row, IReadOnlyList<string> problems)
    {
        var values = new object?[columns.Count + RejectsTarget.ExtraValues];
        values[columns.Count] = row.Key;
        values[columns.Count + 1] = string.Join("; ", problems);
        values[columns.Count + 2] = _fieldIndex.Select(f => f < 0 ? null : ValueText.Of(row.Values[f])).ToArray();
        return values;
    }

    private RejectedRowsException Rejected(bool atLeast) => new(
        $"{(atLeast ? "At least " : "")}{RowsRejected} row{(RowsRejected == 1 ? " was" : "s were")} rejected (rejects: fail), so nothing was written: "
        + string.Join(" | ", _failures) + ".");
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Storage.Materialize;

/// <summary>
/// Runs the streaming join and turns its merged rows into destination rows (columns in table order, values in the
/// column's type) for a reader such as <see cref="TableWriter"/>. A bounded channel between the two keeps memory flat:
/// when the COPY is slower than the join, the join waits. The engine starts only when the rows are first read, so a
/// write that finds its effect already applied reads no source at all.
/// </summary>
public sealed class MergedRowPipe(
    QualityDefinition definition,
    IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> sides,
    IReadOnlyList<DestinationColumn> columns,
    JoinKindFilter filter) : IMergedRowSink
{
    private const int Capacity = 4096;

    private readonly Channel<object?[]> _channel = Channel.CreateBounded<object?[]>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    // For each destination column, the index of its field among the engine's merged values (-1: no source feeds it).
    private readonly int[] _fieldIndex = columns
        .Select(c => definition.Fields.Select(f => f.Name).ToList().IndexOf(c.Name))
        .ToArray();

    /// <summary>The report of the run, once every row was read.</summary>
    public QualityReport? Report { get; private set; }

    /// <summary>Joined keys the relationships' kinds leave out.</summary>
    public long RowsLeftOut { get; private set; }

    public async IAsyncEnumerable<object?[]> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var engine = Task.Run(() => RunEngineAsync(stop.Token), CancellationToken.None);
        try
        {
            await foreach (var row in _channel.Reader.ReadAllAsync(cancellationToken))
                yield return row;
            // The channel closes when the engine ends either way; its own exception is the one that explains.
            Report = await engine;
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
            return await StreamingQualityEngine.RunAsync(definition, sides, progress: null, cancellationToken, mergedRows: this);
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
        var values = new object?[columns.Count];
        for (var i = 0; i < values.Length; i++)
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
        await _channel.Writer.WriteAsync(values, cancellationToken);
    }
}

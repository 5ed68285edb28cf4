using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Engine.Query;

/// <summary>
/// A query of a view that cannot be pushed down: the streaming join runs as for a preview (memory bounded by its
/// budget and spill files) and hands each key's merged row over; rows the filters keep cross a bounded channel, so
/// a slow reader holds the join back. A page keeps only the best <see cref="BoundQuery.Window"/> rows so far in a
/// bounded heap and counts every match, so a sorted page of a huge view holds at most that many rows.
/// </summary>
public sealed class StreamedRowQuery(QualityDefinition definition, IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> sides, BoundQuery query)
{
    private const int Capacity = 1024;

    private readonly RowMatcher _matcher = new(query);

    public async Task<QueryPage> PageAsync(CancellationToken cancellationToken)
    {
        var order = new RowOrder(query);
        // The heap's top is the worst row kept, so a better one replaces it.
        var best = new PriorityQueue<QueryRow, QueryRow>(Comparer<QueryRow>.Create((x, y) => order.Compare(y, x)));
        long total = 0;
        await foreach (var row in RowsAsync(cancellationToken))
        {
            total++;
            if (best.Count < query.Window)
                best.Enqueue(row, row);
            else if (order.Compare(row, best.Peek()) < 0)
                best.DequeueEnqueue(row, row);
        }
        var rows = new List<QueryRow>(best.Count);
        while (best.TryDequeue(out var row, out _))
            rows.Add(row);
        rows.Reverse();
        return new QueryPage(QueryColumns.Of(query.Shape.Fields), rows.Skip(query.Offset).Take(query.Limit).ToList(), total, StreamingQualityEngine.Name);
    }

    /// <summary>Every matching row, in the order the join completes keys.</summary>
    public async IAsyncEnumerable<QueryRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<QueryRow>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sink = new Sink(_matcher, channel.Writer);
        var engine = Task.Run(async () =>
        {
            try
            {
                await StreamingQualityEngine.RunAsync(definition, sides, progress: null, mergedRows: sink, cancellationToken: stop.Token);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var row in channel.Reader.ReadAllAsync(cancellationToken))
                yield return row;
            // The channel closes when the engine ends either way; its own exception is the one that explains.
            await engine;
        }
        finally
        {
            if (!engine.IsCompleted)
            {
                // The reader stopped early: stop the join and let it end before the sources are left.
                await stop.CancelAsync();
                await engine.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }

    private sealed class Sink(RowMatcher matcher, ChannelWriter<QueryRow> rows) : IMergedRowSink
    {
        public ValueTask AcceptAsync(MergedRow row, CancellationToken cancellationToken) =>
            matcher.Matches(row) ? rows.WriteAsync(matcher.ToRow(row), cancellationToken) : ValueTask.CompletedTask;
    }
}

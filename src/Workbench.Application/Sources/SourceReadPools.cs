using System.Collections.Concurrent;
using Npgsql;

namespace Workbench.Application.Sources;

/// <summary>
/// One connection pool per source database, shared by every preview and query pushed down into it, and a bound on
/// how many of them run there at once (<see cref="SourcesOptions.MaxConcurrentReadsPerSource"/>). A pool per request
/// let a hundred requests at once open a hundred connections and exhaust the source's <c>max_connections</c>; with
/// the bound, the requests beyond it wait their turn instead of failing. Streamed previews and queries take the same
/// turns before reading a PostgreSQL dataset (<see cref="DatasetCatalog.TakingTurns"/>), so both kinds share the
/// limit. The pools close when the host stops.
/// </summary>
public sealed class SourceReadPools(SourcesOptions options) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Pool>> _pools = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>
    /// Waits for a free place among the reads of the database at <paramref name="connectionString"/> and gives its
    /// shared pool; disposing the lease frees the place.
    /// </summary>
    public async Task<SourceReadLease> EnterAsync(string connectionString, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pool = _pools.GetOrAdd(connectionString, text => new Lazy<Pool>(() => Create(text))).Value;
        await pool.Turns.WaitAsync(cancellationToken);
        return new SourceReadLease(pool.DataSource, pool.Turns);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var pool in _pools.Values.Where(p => p.IsValueCreated).Select(p => p.Value))
        {
            await pool.DataSource.DisposeAsync();
            pool.Turns.Dispose();
        }
        _pools.Clear();
    }

    private Pool Create(string connectionString)
    {
        var limit = options.MaxConcurrentReadsPerSource;
        // The pool holds as many connections as reads may run, so a read that got its turn never waits for one.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = limit;
        builder.ConnectionStringBuilder.MinPoolSize = 0;
        return new Pool(builder.Build(), new SemaphoreSlim(limit, limit));
    }

    private sealed record Pool(NpgsqlDataSource DataSource, SemaphoreSlim Turns);
}

/// <summary>A turn to read a source: its shared <see cref="Database"/>, until disposed.</summary>
public sealed class SourceReadLease(NpgsqlDataSource database, SemaphoreSlim turns) : IDisposable
{
    private int _released;

    public NpgsqlDataSource Database { get; } = database;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            turns.Release();
    }
}

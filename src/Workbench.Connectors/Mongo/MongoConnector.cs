using System.Diagnostics;
using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;
using Workbench.Connectors.Contract;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Mongo;

/// <summary>
/// MongoDB collections through MongoDB.Driver's public API only. Fields are inferred from sampled documents
/// (<see cref="MongoInference"/>); reads stream through the driver's cursor batch by batch, with the
/// projection and the equality and null filters in the MongoDB query (<see cref="MongoQuery"/>).
/// </summary>
public sealed class MongoConnector : ISourceConnector
{
    public SourceKind Kind => SourceKind.MongoDb;

    public async Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var database = Database(connection);
            var info = await database.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1), cancellationToken: cancellationToken);
            var collections = await CollectionNamesAsync(database, cancellationToken);
            var version = info.TryGetValue("version", out var v) ? v.ToString() : "(version not given)";
            return collections.Count == 0
                ? new ConnectionCheck(false, NoCollections(connection), watch.Elapsed)
                : new ConnectionCheck(true, $"Connected: MongoDB {version}, database '{database.DatabaseNamespace.DatabaseName}' with {collections.Count} collections.", watch.Elapsed);
        }
        catch (SourceException ex)
        {
            return new ConnectionCheck(false, ex.Message, watch.Elapsed);
        }
        catch (Exception ex) when (MongoErrors.IsDriverError(ex))
        {
            return new ConnectionCheck(false, MongoErrors.Explain(ex, connection).Message, watch.Elapsed);
        }
    }

    public async Task<IReadOnlyList<DiscoveredDataset>> DiscoverAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        try
        {
            var database = Database(connection);
            var existing = await CollectionNamesAsync(database, cancellationToken);
            if (existing.Count == 0)
                throw new SourceException(NoCollections(connection));
            var wanted = MongoSettings.CollectionsOf(connection);
            if (wanted.FirstOrDefault(c => !existing.Contains(c)) is { } missing)
                throw new SourceException(UnknownCollection(connection, missing));
            var found = new List<DiscoveredDataset>();
            foreach (var name in wanted.Count > 0 ? wanted : existing.Order(StringComparer.Ordinal).ToList())
            {
                var locator = new DatasetLocator((MongoSettings.Collection, (string?)name));
                found.Add(new DiscoveredDataset(name, locator, await InferAsync(database.GetCollection<BsonDocument>(name), connection, cancellationToken)));
            }
            return found;
        }
        catch (Exception ex) when (MongoErrors.IsDriverError(ex))
        {
            throw MongoErrors.Explain(ex, connection);
        }
    }

    public async Task<IReadOnlyList<FieldSchema>> DescribeAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InferAsync(await CollectionAsync(connection, locator, cancellationToken), connection, cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsDriverError(ex))
        {
            throw MongoErrors.Explain(ex, connection);
        }
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        SourceConnection connection, DatasetLocator locator, ReadRequest request, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IMongoCollection<BsonDocument> collection;
        IReadOnlyList<string> names;
        IAsyncCursor<BsonDocument> cursor;
        try
        {
            collection = await CollectionAsync(connection, locator, cancellationToken);
            names = locator.Fields ?? RowPipeline.Names(await InferAsync(collection, connection, cancellationToken));
            RowPipeline.Validate(request, names);
            var options = new FindOptions<BsonDocument, BsonDocument>
            {
                BatchSize = MongoSettings.BatchSizeOf(connection),
                Projection = MongoQuery.Projection(request),
                Limit = MongoQuery.Limit(request),
                NoCursorTimeout = false,
            };
            cursor = await collection.FindAsync(MongoQuery.Filter(request), options, cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsDriverError(ex))
        {
            throw MongoErrors.Explain(ex, connection);
        }
        using (cursor)
        {
            var rows = RowsAsync(cursor, new RowShape(names), connection, diagnostics, cancellationToken);
            await foreach (var row in RowPipeline.ApplyAsync(rows, request, RowPipeline.Shape(request, names), cancellationToken))
                yield return row;
        }
    }

    private static async IAsyncEnumerable<SourceRow> RowsAsync(
        IAsyncCursor<BsonDocument> cursor, RowShape shape, SourceConnection connection, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long ordinal = 0;
        while (await NextBatchAsync(cursor, connection, cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                var position = new RowPosition(++ordinal);
                var values = new object?[shape.Fields.Count];
                string? reason = null;
                for (var i = 0; i < values.Length && reason is null; i++)
                {
                    try
                    {
                        values[i] = MongoValues.Find(document, shape.Fields[i]) is { } value
                            ? MongoValues.ToValue(value, shape.Fields[i] == MongoValues.IdField)
                            : null;
                    }
                    catch (UnreadableValueException ex)
                    {
                        reason = $"document {IdOf(document)}, field '{shape.Fields[i]}': {ex.Message}";
                    }
                }
                if (reason is not null)
                {
                    diagnostics.Handle(connection.MalformedRecords, new MalformedRecord(position, reason));
                    continue;
                }
                yield return new SourceRow(shape, values, position);
            }
        }
    }

    private static async Task<bool> NextBatchAsync(IAsyncCursor<BsonDocument> cursor, SourceConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await cursor.MoveNextAsync(cancellationToken);
        }
        catch (Exception ex) when (MongoErrors.IsDriverError(ex))
        {
            throw MongoErrors.Explain(ex, connection);
        }
    }

    private static string IdOf(BsonDocument document) =>
        document.TryGetValue(MongoValues.IdField, out var id) ? $"_id {MongoValues.ToValue(id, isId: true)}" : "without _id";

    private static async Task<IReadOnlyList<FieldSchema>> InferAsync(IMongoCollection<BsonDocument> collection, SourceConnection connection, CancellationToken cancellationToken)
    {
        var inference = new MongoInference();
        var sample = MongoSettings.SampleSizeOf(connection);
        using var cursor = await collection.FindAsync(FilterDefinition<BsonDocument>.Empty,
            new FindOptions<BsonDocument, BsonDocument> { Limit = sample, BatchSize = Math.Min(sample, 1000) }, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
            foreach (var document in cursor.Current)
                inference.Add(document);
        return inference.Fields();
    }

    private static async Task<IMongoCollection<BsonDocument>> CollectionAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken)
    {
        var name = locator[MongoSettings.Collection] ?? throw new SourceException("The dataset names no collection.");
        var database = Database(connection);
        if (!(await CollectionNamesAsync(database, cancellationToken, name)).Contains(name))
            throw new SourceException(UnknownCollection(connection, name));
        return database.GetCollection<BsonDocument>(name);
    }

    private static async Task<List<string>> CollectionNamesAsync(IMongoDatabase database, CancellationToken cancellationToken, string? only = null)
    {
        var options = new ListCollectionNamesOptions { Filter = only is null ? null : new BsonDocument("name", only) };
        using var cursor = await database.ListCollectionNamesAsync(options, cancellationToken);
        return (await cursor.ToListAsync(cancellationToken)).Where(n => !n.StartsWith("system.", StringComparison.Ordinal)).ToList();
    }

    // Not disposed on purpose: the driver keeps one cluster (connection pool and monitors) per distinct settings and
    // hands it to every client made with them, so disposing one client would close the pool under another read.
    private static IMongoDatabase Database(SourceConnection connection) =>
        new MongoClient(MongoSettings.ClientSettings(connection)).GetDatabase(MongoSettings.DatabaseOf(connection));

    private static string NoCollections(SourceConnection connection) =>
        $"The database '{MongoSettings.DatabaseOf(connection)}' has no collections: check its name (MongoDB creates a database only when data is written to it).";

    private static string UnknownCollection(SourceConnection connection, string name) =>
        $"The collection '{name}' does not exist in the database '{MongoSettings.DatabaseOf(connection)}'.";
}

using System.Diagnostics;
using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Mongo;
using Workbench.Core.Sources;

// Usage: Workbench.Benchmarks.Mongo <port> [documents]
// Inserts the documents (nested address, an array, mixed premium types) into the MongoDB server on 127.0.0.1:<port>,
// then reads them all through the MongoDB connector, printing rows/s and memory.
var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var documents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
const string Database = "bench";

var collection = new MongoClient($"mongodb://127.0.0.1:{port}").GetDatabase(Database).GetCollection<BsonDocument>("policies");
var insert = Stopwatch.StartNew();
for (var start = 0; start < documents; start += 10_000)
{
    await collection.InsertManyAsync(Enumerable.Range(start + 1, Math.Min(10_000, documents - start)).Select(i => new BsonDocument
    {
        ["pol_num"] = $"POL-{i:0000000}",
        ["holder"] = $"Holder {i % 9973}",
        ["premium"] = i % 50 == 0 ? new BsonString($"{i % 2000}.5") : new BsonDouble(i % 2000 + 0.25),
        ["status"] = i % 3 == 0 ? "active" : "lapsed",
        ["address"] = new BsonDocument { ["city"] = i % 2 == 0 ? "Lyon" : "Paris", ["zip"] = $"{10000 + i % 90000}" },
        ["tags"] = new BsonArray { "home", i % 7 },
    }), new InsertManyOptions { IsOrdered = false });
}
Console.WriteLine($"documents: {documents:N0}, inserted in {insert.Elapsed.TotalSeconds:0.0} s");

var connection = new SourceConnection(SourceKind.MongoDb, new Dictionary<string, string?>
{
    [MongoSettings.Host] = "127.0.0.1", [MongoSettings.Port] = port.ToString(CultureInfo.InvariantCulture), [MongoSettings.Database] = Database,
    [CommonSettings.TimeoutSeconds] = "60",
}, new Dictionary<string, string>());
var connector = new MongoConnector();
var locator = new DatasetLocator((MongoSettings.Collection, "policies"));
Console.WriteLine($"{"what",-44} {"seconds",8} {"rows/s",12} {"peak heap MB",13} {"peak working set MB",20}");
foreach (var limit in new[] { documents / 10, documents })
{
    GC.Collect();
    var watch = Stopwatch.StartNew();
    long count = 0, peakHeap = 0, peakWorkingSet = 0;
    await foreach (var row in connector.ReadAsync(connection, locator, new ReadRequest(Limit: limit), new ReadDiagnostics()))
    {
        if (row.Count > 0 && ++count % 5_000 == 0)
        {
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
        }
    }
    if (count != limit)
        throw new InvalidOperationException($"read {count} rows, expected {limit}");
    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{$"MongoConnector, {limit:N0} documents",-44} {seconds,8:0.00} {limit / seconds,12:N0} {peakHeap / 1024.0 / 1024,13:0.0} {peakWorkingSet / 1024 / 1024,20}");
}

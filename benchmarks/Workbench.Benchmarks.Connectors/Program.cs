using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Postgres;
using Workbench.Core.Sources;

// Usage: Workbench.Benchmarks.Connectors <connection string> <work folder> [rows]
// Creates the rows in PostgreSQL and in a CSV file, then reads each through its connector beside
// psql \copy ... TO /dev/null and wc -l of the same data, printing rows/s and memory.
var connectionString = args[0];
var folder = args[1];
var rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var csvPath = Path.Combine(folder, "bench.csv");

await using (var db = new NpgsqlConnection(connectionString))
{
    await db.OpenAsync();
    await using var create = new NpgsqlCommand($"""
        drop table if exists bench;
        create table bench as
        select i as id, 'POL-' || lpad(i::text, 7, '0') as pol_num, 'Holder ' || (i % 9973) as holder,
               round((random() * 2000)::numeric, 2) as premium, date '2015-01-01' + (i % 3650) as eff_date,
               case when i % 3 = 0 then 'active' else 'lapsed' end as status
        from generate_series(1, {rows}) i;
        """, db) { CommandTimeout = 600 };
    await create.ExecuteNonQueryAsync();
}
var builder = new NpgsqlConnectionStringBuilder(connectionString);
string[] psql = ["-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-c"];
await Exec("psql", [.. psql, $"\\copy bench to '{csvPath}' with (format csv, header)"]);

var pg = new SourceConnection(SourceKind.PostgreSql, new Dictionary<string, string?>
{
    [PostgresSettings.Host] = builder.Host, [PostgresSettings.Port] = builder.Port.ToString(CultureInfo.InvariantCulture),
    [PostgresSettings.Database] = builder.Database, [PostgresSettings.User] = builder.Username, [PostgresSettings.SslMode] = "Disable",
}, new Dictionary<string, string> { [PostgresSettings.Password] = builder.Password ?? "" });
var file = new SourceConnection(SourceKind.File, new Dictionary<string, string?> { [FileSettings.Path] = "bench.csv" }, new Dictionary<string, string>());

Console.WriteLine($"rows: {rows:N0}   csv: {new FileInfo(csvPath).Length / 1024 / 1024} MB");
Console.WriteLine($"{"what",-44} {"seconds",8} {"rows/s",12} {"peak heap MB",13} {"working set MB",15}");
var copy = await Time(() => Exec("psql", [.. psql, "\\copy bench to '/dev/null'"]));
Print("psql \\copy bench TO /dev/null", copy, rows, null);
var wc = await Time(() => Exec("wc", "-l", csvPath));
Print("wc -l bench.csv", wc, rows, null);

var locator = new DatasetLocator((PostgresSettings.Schema, "public"), (PostgresSettings.Table, "bench"));
foreach (var limit in new[] { rows / 10, rows })
{
    var (seconds, heap) = await Read(new PostgresConnector(), pg, locator, limit);
    Print($"PostgresConnector, {limit:N0} rows", seconds, limit, heap);
}
var csvLocator = new DatasetLocator((FileSettings.File, "bench.csv"));
var files = new FileConnector(new FileSourceRoots([folder]));
foreach (var limit in new[] { rows / 10, rows })
{
    var (seconds, heap) = await Read(files, file, csvLocator, limit);
    Print($"FileConnector (CSV), {limit:N0} rows", seconds, limit, heap);
}

static async Task<(double Seconds, long PeakHeap)> Read(ISourceConnector connector, SourceConnection connection, DatasetLocator locator, long limit)
{
    GC.Collect();
    var watch = Stopwatch.StartNew();
    long count = 0, peak = 0;
    await foreach (var row in connector.ReadAsync(connection, locator, new ReadRequest(Limit: limit), new ReadDiagnostics()))
    {
        if (row.Count > 0 && ++count % 20_000 == 0)
            peak = Math.Max(peak, GC.GetTotalMemory(false));
    }
    if (count != limit)
        throw new InvalidOperationException($"read {count} rows, expected {limit}");
    return (watch.Elapsed.TotalSeconds, peak);
}

static void Print(string what, double seconds, long rows, long? heap) =>
    Console.WriteLine($"{what,-44} {seconds,8:0.00} {rows / seconds,12:N0} {(heap is { } h ? (h / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) : "-"),13} {Environment.WorkingSet / 1024 / 1024,15}");

static async Task<double> Time(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalSeconds;
}

static async Task Exec(string program, params string[] arguments)
{
    var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
        info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"{program} failed: {await error}{await output}");
}

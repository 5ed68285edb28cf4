using System.Globalization;
using Workbench.Core.Jobs;
using Workbench.Application.Lineage;
using System.Diagnostics;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Core.Sql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Mapping;
using Workbench.Application.Materialize;
using Workbench.Migrations;
using Workbench.Application.Sources;
using Workbench.Storage.Secrets;
using Workbench.Storage.Store;
using Workbench.Testing;

// Usage: dotnet run -c Release --project benchmarks/Workbench.Benchmarks.Materialize [-- rows]
// Two PostgreSQL tables of N rows (default 1,000,000) registered as a real source, keys overlapping by 90 %, joined
// fully outer by an approved view (trim, cast and precedence on four target fields) and materialized by the
// materialize-view job run by a Hangfire server in this process (timed from the request to the job's success), twice (cold, then warm). Prints rows written per second
// and peak memory. Then, in the same run, the same rows are copied with psql's \copy (out of the materialized table,
// piped into a table of the same shape), the yardstick of plain PostgreSQL bulk copy; the rates and their ratios are
// printed. Last, the same join done by PostgreSQL alone, bare, as the floor any in-database design would start from.

var rows = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var connectionString = await TestPostgres.CreateDatabaseAsync("materializebench");
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await new StoreMigrator(dataSource).MigrateAsync();

var seed = Stopwatch.StartNew();
await using (var connection = await dataSource.OpenConnectionAsync())
    await connection.ExecuteAsync($"""
        create schema bench;
        create table bench.legacy as select 'P' || g as pol_num, 'holder ' || g || '  ' as holder, (g % 1000 * 1.5)::text as premium
            from generate_series(1, {rows}) g;
        create table bench.platform as select 'P' || (g + {rows / 10}) as policy_id, 'Holder ' || g as holder_name, (g % 997)::numeric as premium
            from generate_series(1, {rows}) g;
        analyze bench.legacy; analyze bench.platform;
        """, commandTimeout: 0);
Console.WriteLine($"sources: 2 tables of {rows:N0} rows, seeded in {seed.Elapsed.TotalSeconds:0.0} s");

var services = new ServiceCollection();
services.AddDataProtection().SetApplicationName("Workbench");
services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(dataSource));
var sources = new SourceStore(dataSource, new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>()));
var connectors = new ConnectorRegistry([new PostgresConnector()]);
var actor = new SystemActor("bench");
var audit = new AuditLog(dataSource, actor);
var target = new NpgsqlConnectionStringBuilder(connectionString);
var sourceId = await new SourceService(dataSource, sources, connectors, audit, new LineageWriter(dataSource)).CreateAsync(new SourceDraft("bench db", SourceKind.PostgreSql,
    new Dictionary<string, string?>
    {
        [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = target.Database,
        [PostgresSettings.User] = target.Username, [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = "bench",
    },
    new Dictionary<string, string?> { [PostgresSettings.Password] = target.Password }));
var datasets = (await new DatasetCatalog(sources, connectors, audit).ListDatasetsAsync()).Where(d => d.SourceId == sourceId).ToList();
string legacy = datasets.Single(d => d.Name.EndsWith("legacy", StringComparison.Ordinal)).QualifiedName, platform = datasets.Single(d => d.Name.EndsWith("platform", StringComparison.Ordinal)).QualifiedName;

var spec = new ViewSpec("Bench migration", [new(legacy), new(platform)], [new(legacy, platform, [new JoinKey("pol_num", "policy_id")])],
    [new("policy_id", FieldType.Text, true), new("holder", FieldType.Text), new("premium", FieldType.Decimal), new("note", FieldType.Text)],
    [
        new("policy_id", [new(new(legacy, "pol_num"), []), new(new(platform, "policy_id"), [])]),
        new("holder", [new(new(platform, "holder_name"), []), new(new(legacy, "holder"), [new Trim()])]),
        new("premium", [new(new(legacy, "premium"), [new Cast(FieldType.Decimal)]), new(new(platform, "premium"), [])]),
    ], []);
var viewId = ((SaveOutcome.Saved)await new ViewStore(dataSource, actor, audit).CreateAsync(spec)).ViewId;
await using (var connection = await dataSource.OpenConnectionAsync())
{
    await connection.ExecuteAsync("update view_version set status = 'submitted', status_changed_by = 'steward' where view_id = @viewId", new { viewId });
    await connection.ExecuteAsync("update view_version set status = 'approved', status_changed_by = 'approver' where view_id = @viewId", new { viewId });
}

// A Hangfire server in this process, on the store, resolving the job from a scope as the workbench does.
var jobOptions = new JobOptions { WorkerCount = 1, PollIntervalMs = 200, SchedulePollIntervalMs = 200 };
await using (var install = await dataSource.OpenConnectionAsync())
    HangfireStore.Install(install, jobOptions);
GlobalConfiguration.Configuration.UseWorkbenchSerialization();
var hangfireStorage = HangfireStore.Storage(dataSource, jobOptions);
var jobServices = new ServiceCollection();
jobServices.AddLogging();
jobServices.AddSingleton(dataSource);
jobServices.AddSingleton(sources);
jobServices.AddSingleton(connectors);
jobServices.AddSingleton(jobOptions);
jobServices.AddSingleton<JobStore>();
jobServices.AddSingleton(new LineageWriter(dataSource));
jobServices.AddScoped<JobActor>();
jobServices.AddScoped<IActorContext>(sp => sp.GetRequiredService<JobActor>());
jobServices.AddScoped(sp => new AuditLog(dataSource, sp.GetRequiredService<IActorContext>()));
jobServices.AddScoped<ViewStore>();
jobServices.AddScoped<DatasetCatalog>();
jobServices.AddScoped<IJobHandler, MaterializeViewJob>();
jobServices.AddScoped<JobRunner>();
jobServices.AddScoped<WorkbenchJob>();
await using var jobProvider = jobServices.BuildServiceProvider();
using var server = new BackgroundJobServer(new BackgroundJobServerOptions
{
    WorkerCount = 1,
    SchedulePollingInterval = jobOptions.SchedulePollInterval,
    Activator = new AspNetCoreJobActivator(jobProvider.GetRequiredService<IServiceScopeFactory>()),
}, hangfireStorage);
var jobStore = new JobStore(dataSource, jobOptions);
var dispatcher = new JobDispatcher(jobStore, new BackgroundJobClient(hangfireStorage), NullLogger<JobDispatcher>.Instance);
var destination = new TableName("target", "bench_policies");
var requests = new MaterializeRequests(dataSource, new DataSourceContextFactory(dataSource), sources, dispatcher, actor, audit);

// The first job runs in a fresh process (code not yet compiled, caches cold); the second, replacing the same table,
// runs as it would in a workbench that has run jobs before.
var run = await MaterializeAsync();
await using var check = await dataSource.OpenConnectionAsync();
var written = await check.ExecuteScalarAsync<long>($"select count(*) from {destination.Quoted}");
var materializeRate = written / run.TotalSeconds;
Console.WriteLine($"materialized {written:N0} rows (from {2 * rows:N0} source rows) in {run.TotalSeconds:0.0} s: " +
    $"{materializeRate:N0} rows/s written, {2 * rows / run.TotalSeconds:N0} source rows/s read");
var again = await MaterializeAsync();
var warmRate = written / again.TotalSeconds;
Console.WriteLine($"the same job again in this process: {again.TotalSeconds:0.0} s, {warmRate:N0} rows/s written");
var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
Console.WriteLine($"peak memory of this process over both jobs (working set): {peak:N0} MiB");

var copyTarget = new TableName("target", "bench_psql_copy");
await check.ExecuteAsync($"create table {copyTarget.Quoted} (like {destination.Quoted})");
var copy = Stopwatch.StartNew();
await PsqlCopyAsync(target, destination, copyTarget);
copy.Stop();
var copied = await check.ExecuteScalarAsync<long>($"select count(*) from {copyTarget.Quoted}");
if (copied != written)
    throw new InvalidOperationException($"psql \\copy gave {copied:N0} rows, the job {written:N0}.");
var copyRate = copied / copy.Elapsed.TotalSeconds;
Console.WriteLine($"psql \\copy of the same {copied:N0} rows into a table of the same shape in {copy.Elapsed.TotalSeconds:0.0} s: {copyRate:N0} rows/s");
Console.WriteLine($"ratio: materialize / \\copy = {materializeRate / copyRate:P0} (the job again: {warmRate / copyRate:P0})");

// The floor of any design that joins in the database: PostgreSQL's own INSERT ... SELECT of the bare full outer join
// of the same tables (no key normalisation, no duplicate handling, no validation, no report) into a table of the same
// shape, in one statement on this server.
var joinTarget = new TableName("target", "bench_sql_join");
await check.ExecuteAsync($"create table {joinTarget.Quoted} (like {destination.Quoted})");
var join = Stopwatch.StartNew();
var joined = await check.ExecuteAsync($"""
    insert into {joinTarget.Quoted} (policy_id, holder, premium)
    select coalesce(l.pol_num, p.policy_id), coalesce(p.holder_name, btrim(l.holder)), coalesce(l.premium::numeric, p.premium)
    from bench.legacy l full join bench.platform p on l.pol_num = p.policy_id
    """, commandTimeout: 0);
join.Stop();
if (joined != written)
    throw new InvalidOperationException($"The SQL join gave {joined:N0} rows, the job {written:N0}.");
var joinRate = joined / join.Elapsed.TotalSeconds;
Console.WriteLine($"PostgreSQL's INSERT ... SELECT of the bare full outer join, same {joined:N0} rows, in {join.Elapsed.TotalSeconds:0.0} s: " +
    $"{joinRate:N0} rows/s, {joinRate / copyRate:P0} of \\copy");
return 0;

async Task<TimeSpan> MaterializeAsync()
{
    // From the request to the job's success: Hangfire's dispatch and pick-up are in the figure.
    var clock = Stopwatch.StartNew();
    var outcome = await requests.EnqueueAsync(new MaterializeViewPayload(viewId, 1, destination));
    var jobId = ((MaterializeOutcome.Enqueued)outcome).JobId;
    JobRecord job;
    while (!(job = await jobStore.GetAsync(jobId) ?? throw new InvalidOperationException("The job vanished.")).State.IsFinished())
        await Task.Delay(20);
    clock.Stop();
    if (job.State != JobState.Succeeded)
        throw new InvalidOperationException($"The job ended {job.State}: {job.Error}");
    return clock.Elapsed;
}

// Two psql processes joined by a pipe: \copy ... to pstdout | \copy ... from pstdin, as a steward would copy a table by hand.
static async Task PsqlCopyAsync(NpgsqlConnectionStringBuilder server, TableName from, TableName to)
{
    var start = new ProcessStartInfo("bash") { RedirectStandardError = true };
    start.ArgumentList.Add("-c");
    start.ArgumentList.Add("set -o pipefail; psql -X -q -v ON_ERROR_STOP=1 -c \"$1\" | psql -X -q -v ON_ERROR_STOP=1 -c \"$2\"");
    start.ArgumentList.Add("psql-copy");
    start.ArgumentList.Add($"\\copy {from.Quoted} to pstdout");
    start.ArgumentList.Add($"\\copy {to.Quoted} from pstdin");
    start.Environment["PGHOST"] = server.Host;
    start.Environment["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    start.Environment["PGDATABASE"] = server.Database;
    start.Environment["PGUSER"] = server.Username;
    start.Environment["PGPASSWORD"] = server.Password;
    using var psql = Process.Start(start) ?? throw new InvalidOperationException("psql could not be started.");
    var errors = await psql.StandardError.ReadToEndAsync();
    await psql.WaitForExitAsync();
    if (psql.ExitCode != 0)
        throw new InvalidOperationException($"psql \\copy failed ({psql.ExitCode}): {errors}");
}

using System.Globalization;
using Workbench.Storage.Secrets;
using Workbench.Application.Lineage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Postgres;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.IntegrationTests.Jobs;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Mapping;
using Workbench.Application.Materialize;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Materialize;

/// <summary>
/// Two real sources in a test store (a PostgreSQL table and a CSV file) and a view over them, with its rows worked
/// out by hand; views are saved by <see cref="Author"/> and approved by someone else with SQL, as approval would.
/// </summary>
internal sealed class MaterializeTestbed
{
    public const string Author = "alice";
    public const string Approver = "someone-else";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;

    public MaterializeTestbed(NpgsqlDataSource dataSource, string connectionString, string filesFolder)
    {
        _dataSource = dataSource;
        _connectionString = connectionString;
        FilesFolder = filesFolder;
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("Workbench");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(dataSource));
        Sources = new SourceStore(dataSource, new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>()));
        Connectors = new ConnectorRegistry([new PostgresConnector(), new FileConnector(new FileSourceRoots([filesFolder]))]);
    }

    /// <summary>A bed on the test database with files in <paramref name="folder"/>, and a job kit running its handler.</summary>
    public static (MaterializeTestbed Bed, JobTestKit Kit) WithKit(MigratedDatabaseFixture db, string folder)
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, folder);
        return (bed, new JobTestKit(db.DataSource, [bed.Handler]));
    }

    public string FilesFolder { get; }

    public SourceStore Sources { get; }

    public ConnectorRegistry Connectors { get; }

    /// <summary>The job's handler as the job's scope builds it: every service acting for the person who asked (the kit's actor).</summary>
    public MaterializeViewJob Handler
    {
        get
        {
            var actor = new SystemActor("tester");
            var audit = new AuditLog(_dataSource, actor);
            return new(_dataSource, Sources, new ViewStore(_dataSource, actor, audit), new DatasetCatalog(Sources, Connectors, audit), new LineageWriter(_dataSource), audit);
        }
    }

    /// <summary>Materialization requests over this bed's sources, as the kit's actor.</summary>
    public MaterializeRequests Requests(JobTestKit kit) => new(_dataSource, new Workbench.Storage.Store.DataSourceContextFactory(_dataSource), Sources, kit.Dispatcher, kit.Actor, kit.Audit);

    /// <summary>Asks for <paramref name="payload"/> and runs its job to the end.</summary>
    public async Task<JobRecord> MaterializeAsync(JobTestKit kit, MaterializeViewPayload payload) =>
        await kit.RunUntilFinishedAsync(Assert.IsType<MaterializeOutcome.Enqueued>(await Requests(kit).EnqueueAsync(payload)).JobId);

    /// <summary>
    /// crm_{suffix}.policies (pol_num with a trailing space, a repeated key, a null key) and policies_{suffix}.csv.
    /// Keys: P1 and P2 in both, P3 only in the table, P4 only in the file.
    /// </summary>
    public async Task<ViewSpec> CreatePolicySourcesAsync(string suffix)
    {
        var schema = $"crm_{suffix}";
        await using (var connection = await _dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync($"""
                create schema {schema};
                create table {schema}.policies (pol_num text, holder text, premium text);
                insert into {schema}.policies values
                    ('P1 ', 'Ann', '100.50'), ('P2', 'Bob', null), ('P3', ' Cy ', '7'), ('P1', 'Zed', '1'), (null, 'Nobody', '5');
                """);
        File.WriteAllText(Path.Combine(FilesFolder, $"policies_{suffix}.csv"),
            "id,name,premium,start\nP1,ANN X,99,2024-01-02\nP2,Bob,55.5,2024-02-03\nP4,Dee,10,not-a-date\n");

        var tableSource = await RegisterTablesAsync($"crm {suffix}", schema);
        var fileSource = await Service.CreateAsync(new SourceDraft($"csv {suffix}", SourceKind.File,
            new Dictionary<string, string?> { [FileSettings.Path] = $"policies_{suffix}.csv" }, new Dictionary<string, string?>()));

        var table = (await DatasetsOfAsync(tableSource)).Single();
        var file = (await DatasetsOfAsync(fileSource)).Single();
        return PolicyView($"Policies {suffix}", table, file);
    }

    /// <summary>Tables a and b of <paramref name="rows"/> rows each, keys K1.. in both: a view long enough to stop midway.</summary>
    public async Task<ViewSpec> CreateLargeViewAsync(string suffix, int rows)
    {
        var schema = $"big_{suffix}";
        await using (var connection = await _dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync($"""
                create schema {schema};
                create table {schema}.a as select 'K' || g as k, 'a' || g as v from generate_series(1, {rows}) g;
                create table {schema}.b as select 'K' || g as k, 'b' || g as v from generate_series(1, {rows}) g;
                """);
        var names = await DatasetsOfAsync(await RegisterTablesAsync($"big {suffix}", schema));
        string a = names.Single(n => n.EndsWith(".a", StringComparison.Ordinal)), b = names.Single(n => n.EndsWith(".b", StringComparison.Ordinal));
        return new ViewSpec($"Large {suffix}", [new(a), new(b)], [new(a, b, [new JoinKey("k", "k")])],
            [new("k", FieldType.Text, Required: true), new("v", FieldType.Text)],
            [new("k", [new(new(a, "k"), []), new(new(b, "k"), [])]), new("v", [new(new(a, "v"), []), new(new(b, "v"), [])])], []);
    }

    private SourceService Service => new(_dataSource, Sources, Connectors, new AuditLog(_dataSource, new SystemActor(Author)), new LineageWriter(_dataSource));

    /// <summary>The test database itself as a PostgreSQL source, showing the tables of <paramref name="schema"/>.</summary>
    public Task<Guid> RegisterTablesAsync(string name, string schema) => RegisterDatabaseAsync(name, _connectionString, schema);

    /// <summary>The database of <paramref name="connectionString"/> as a PostgreSQL source, showing the tables of <paramref name="schema"/>.</summary>
    public Task<Guid> RegisterDatabaseAsync(string name, string connectionString, string schema)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        return Service.CreateAsync(new SourceDraft(name, SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = target.Database,
                [PostgresSettings.User] = target.Username, [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = schema,
            },
            new Dictionary<string, string?> { [PostgresSettings.Password] = target.Password }));
    }

    public async Task<IReadOnlyList<string>> DatasetsOfAsync(Guid sourceId) =>
        (await new DatasetCatalog(Sources, Connectors, new AuditLog(_dataSource, new SystemActor(Author))).ListDatasetsAsync())
            .Where(d => d.SourceId == sourceId).Select(d => d.QualifiedName).ToList();

    public static readonly Transform LowerCase = new ChangeCase(LetterCase.Lower);
    public static readonly Transform IsoDate = new ParseDate(["yyyy-MM-dd"]);

    /// <summary>
    /// policy_id: trimmed pol_num, else id; holder: the file's name in lower case, else the trimmed holder; premium: the
    /// table's, else the file's; start_date: the file's ISO date; note: mapped from nothing.
    /// </summary>
    public static ViewSpec PolicyView(string name, string table, string file) => new(
        name,
        [new(table), new(file)],
        [new(table, file, [new JoinKey("pol_num", "id")])],
        [
            new("policy_id", FieldType.Text, Required: true), new("holder", FieldType.Text), new("premium", FieldType.Decimal),
            new("start_date", FieldType.Date), new("note", FieldType.Text),
        ],
        [
            new("policy_id", [new(new(table, "pol_num"), [new Trim()]), new(new(file, "id"), [])]),
            new("holder", [new(new(file, "name"), [LowerCase]), new(new(table, "holder"), [new Trim()])]),
            new("premium", [new(new(table, "premium"), [new Cast(FieldType.Decimal)]), new(new(file, "premium"), [new Cast(FieldType.Decimal)])]),
            new("start_date", [new(new(file, "start"), [IsoDate])]),
        ],
        []);

    /// <summary>
    /// The rows the view writes: (policy_id, holder, premium, start_date, note). P4, only in the file, is rejected: its
    /// date does not parse and no other source gives one (<see cref="ExpectedReject"/>).
    /// </summary>
    public static readonly (string, string?, decimal?, DateOnly?, string?)[] ExpectedRows =
    [
        ("P1", "ann x", 100.50m, new DateOnly(2024, 1, 2), null), // both: the table's premium first, the file's holder first
        ("P2", "bob", 55.5m, new DateOnly(2024, 2, 3), null),      // both: no premium in the table, the file's
        ("P3", "Cy", 7m, null, null),                              // only in the table
    ];

    /// <summary>P4 in the rejects table: key, each field as text, the start of the reason.</summary>
    public static (string, string?, string?, string?, string?, string?, string) ExpectedReject(ViewSpec spec) =>
        ("P4", "P4", "dee", "10", null, null, $"start_date: transform failed in {spec.Datasets[1].Name} (");

    public async Task<IReadOnlyList<(string Key, string? PolicyId, string? Holder, string? Premium, string? StartDate, string? Note, string Reason)>> RejectsAsync(
        Workbench.Core.Sql.TableName destination)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string?, string?, string?, string?, string?, string)>(
            $"select key, policy_id, holder, premium, start_date, note, reason from {RejectsTable.Of(destination).Quoted} order by key")).ToList();
    }

    public async Task<Guid> CreateViewAsync(ViewSpec spec)
    {
        var actor = new SystemActor(Author);
        var outcome = await new ViewStore(_dataSource, actor, new AuditLog(_dataSource, actor)).CreateAsync(spec);
        return ((SaveOutcome.Saved)outcome).ViewId;
    }

    /// <summary>A view over <see cref="CreatePolicySourcesAsync"/>'s sources, approved; its id.</summary>
    public async Task<Guid> ApprovedPolicyViewAsync(string suffix)
    {
        var viewId = await CreateViewAsync(await CreatePolicySourcesAsync(suffix));
        await ApproveAsync(viewId);
        return viewId;
    }

    /// <summary>draft -> submitted -> approved, by someone other than the author, as the approval flow does.</summary>
    public async Task ApproveAsync(Guid viewId, int version = 1)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update view_version set status = 'submitted', status_changed_by = 'steward' where view_id = @viewId and version = @version", new { viewId, version });
        await connection.ExecuteAsync("""
            update view_version set status = 'approved', status_changed_by = @Approver, status_changed_at = now()
            where view_id = @viewId and version = @version
            """, new { viewId, version, Approver });
    }

    /// <summary>The rows of <paramref name="table"/> in the store, or in the database of <paramref name="connectionString"/>.</summary>
    public async Task<IReadOnlyList<(string, string?, decimal?, DateOnly?, string?)>> RowsAsync(Workbench.Core.Sql.TableName table, string? connectionString = null)
    {
        await using var connection = connectionString is null ? await _dataSource.OpenConnectionAsync() : new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<(string, string?, decimal?, DateOnly?, string?)>(
            $"select policy_id, holder, premium, start_date, note from {table.Quoted} order by policy_id, holder")).ToList();
    }
}

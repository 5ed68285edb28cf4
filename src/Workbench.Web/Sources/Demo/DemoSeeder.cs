using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using NpgsqlTypes;
using Workbench.Connectors.Files;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;
using Workbench.Application.Audit;
using Workbench.Application.Sources;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// Creates the demo when the store has no sources (<c>Demo:SeedWhenEmpty</c>): the <c>legacy.policies</c>
/// table in the workbench's own database, read by its own <see cref="DemoReaderRole"/>, the FAST API (served
/// here, behind <see cref="DemoApiKey"/>), an agents CSV, the three sources, and the "Policy migration" view
/// (<see cref="DemoViewSeeder"/>; also on a store that has sources but no view yet). Runs once the web server
/// listens, because registering the API source calls it. On a store that has sources, it brings demo sources
/// of earlier versions up to date instead (the reader role, the API key).
/// </summary>
public sealed class DemoSeeder(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IServer server, SourcesOptions options, SourceStore sources,
    DemoReaderRole reader, DemoApiKey apiKey, ILogger<DemoSeeder> logger)
{
    public const string LegacySourceName = "Legacy policies (PostgreSQL)";
    public const string FastSourceName = "FAST platform API";
    public const string AgentsSourceName = "Agents export (CSV)";

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        bool hasSources;
        await using (var db = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("select exists (select 1 from source)", db))
            hasSources = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (hasSources)
            await UpgradeAsync(cancellationToken);
        else
            await SeedAsync(cancellationToken);
        await SeedViewAsync(cancellationToken);
    }

    /// <summary>Removes the demo sources and data and creates them again as new.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var scope = DemoScope();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        foreach (var source in (await service.ListAsync(cancellationToken)).Where(s => s.IsDemo))
            await service.DeleteAsync(source.Id, cancellationToken);
        await SeedAsync(cancellationToken);
        await SeedViewAsync(cancellationToken);
    }

    /// <summary>
    /// A scope acting as "demo": nobody is signed in at start-up, and the demo's sources, view and their audit rows
    /// should say who made them rather than "anonymous".
    /// </summary>
    private AsyncServiceScope DemoScope()
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Workbench.Application.Jobs.JobActor>().ActFor("demo");
        return scope;
    }

    /// <summary>The demo's view, once its sources are discovered; a store that has any view keeps what it has.</summary>
    private async Task SeedViewAsync(CancellationToken cancellationToken)
    {
        await using var scope = DemoScope();
        if (await scope.ServiceProvider.GetRequiredService<DemoViewSeeder>().SeedIfEmptyAsync(cancellationToken))
            logger.LogInformation("Demo view created ({View})", Workbench.Core.Mapping.DemoView.Name);
        else
            logger.LogInformation("Demo view not created: the store has views, or the demo datasets are missing");
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await CreateLegacyTableAsync(cancellationToken);
        var agentsFile = WriteAgentsCsv();
        var self = SelfAddress();
        var password = DemoReaderRole.NewPassword();
        await reader.EnsureAsync(password, cancellationToken);
        var key = DemoApiKey.NewKey();
        apiKey.Use(key);

        await using var scope = DemoScope();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        await service.CreateAsync(new SourceDraft(LegacySourceName, SourceKind.PostgreSql, LegacySettings(new Dictionary<string, string?>()),
            new Dictionary<string, string?> { [PostgresSettings.Password] = password }), isDemo: true, cancellationToken);
        await service.CreateAsync(new SourceDraft(FastSourceName, SourceKind.RestApi,
            FastSettings(new Dictionary<string, string?>
            {
                [RestSettings.BaseUrl] = self + FastApiEndpoints.Route, [RestSettings.Paths] = "/policies",
                [RestSettings.Pagination] = "page", [RestSettings.PageSize] = "250", [RestSettings.RecordsPath] = "items",
            }),
            new Dictionary<string, string?> { [RestSettings.Secret] = key }), isDemo: true, cancellationToken);
        await service.CreateAsync(new SourceDraft(AgentsSourceName, SourceKind.File,
            new Dictionary<string, string?> { [FileSettings.Path] = agentsFile, [FileSettings.Delimiter] = ";" },
            new Dictionary<string, string?>(), MalformedRecordPolicy.Skip), isDemo: true, cancellationToken);
        logger.LogInformation("Demo sources created ({Legacy} legacy policies, FAST API at {Url})", DemoPolicies.Legacy.Count, self + FastApiEndpoints.Route);
    }

    /// <summary>
    /// Demo sources made by earlier versions connected to the store as its owner and called the API without a key:
    /// the legacy source gets the reader role (with a new password when its stored one does not sign in) and the
    /// API source a key. Sources already up to date keep their settings; the API learns the stored key.
    /// </summary>
    private async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        await using var scope = DemoScope();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        foreach (var demo in (await sources.ListAsync(cancellationToken)).Where(s => s.IsDemo))
        {
            if (await sources.ConnectionAsync(demo.Id, cancellationToken) is not var (source, connection))
                continue;
            if (source.Kind == SourceKind.PostgreSql && await LegacySchemaExistsAsync(cancellationToken))
            {
                var stored = connection.Secret(PostgresSettings.Password);
                var current = connection.Text(PostgresSettings.User) == reader.Name && await reader.SignsInAsync(stored, cancellationToken);
                var password = current ? null : DemoReaderRole.NewPassword();
                await reader.EnsureAsync(password, cancellationToken);
                if (password is not null)
                    await service.UpdateAsync(source.Id, new SourceDraft(source.Name, source.Kind, LegacySettings(source.Settings),
                        new Dictionary<string, string?> { [PostgresSettings.Password] = password }, source.MalformedRecords), cancellationToken);
            }
            else if (source.Kind == SourceKind.RestApi && IsFastApi(source.Settings))
            {
                var stored = connection.Secret(RestSettings.Secret);
                var current = stored is not null && source.Settings.GetValueOrDefault(RestSettings.Auth) == "apiKey";
                var key = current ? stored! : DemoApiKey.NewKey();
                apiKey.Use(key);
                if (!current)
                    await service.UpdateAsync(source.Id, new SourceDraft(source.Name, source.Kind, FastSettings(source.Settings),
                        new Dictionary<string, string?> { [RestSettings.Secret] = key }, source.MalformedRecords), cancellationToken);
            }
        }
    }

    private static bool IsFastApi(IReadOnlyDictionary<string, string?> settings) =>
        settings.GetValueOrDefault(RestSettings.BaseUrl)?.TrimEnd('/').EndsWith(FastApiEndpoints.Route, StringComparison.Ordinal) == true;

    /// <summary>The legacy source's settings: the store's server and database, as the reader role.</summary>
    private Dictionary<string, string?> LegacySettings(IReadOnlyDictionary<string, string?> settings)
    {
        var store = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return new Dictionary<string, string?>(settings)
        {
            [PostgresSettings.Host] = store.Host, [PostgresSettings.Port] = store.Port.ToString(CultureInfo.InvariantCulture),
            [PostgresSettings.Database] = store.Database, [PostgresSettings.User] = reader.Name,
            [PostgresSettings.SslMode] = settings.GetValueOrDefault(PostgresSettings.SslMode) ?? "Disable",
            [PostgresSettings.Schemas] = settings.GetValueOrDefault(PostgresSettings.Schemas) ?? "legacy",
        };
    }

    /// <summary>The API source's settings with its key sent in the header the demo API reads.</summary>
    private static Dictionary<string, string?> FastSettings(IReadOnlyDictionary<string, string?> settings) =>
        new(settings) { [RestSettings.Auth] = "apiKey", [RestSettings.ApiKeyHeader] = DemoApiKey.Header };

    private async Task<bool> LegacySchemaExistsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select exists (select 1 from pg_namespace where nspname = 'legacy')", db);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The legacy system's table: demo data in the workbench's database, not part of the store's schema.</summary>
    private async Task CreateLegacyTableAsync(CancellationToken cancellationToken)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("""
            drop schema if exists legacy cascade;
            create schema legacy;
            create table legacy.policies (pol_num text, pol_holder text, premium numeric(12,2), eff_date text, status text);
            """, db))
            await create.ExecuteNonQueryAsync(cancellationToken);
        await using var copy = await db.BeginBinaryImportAsync(
            "copy legacy.policies (pol_num, pol_holder, premium, eff_date, status) from stdin (format binary)", cancellationToken);
        foreach (var p in DemoPolicies.Legacy)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(p.PolNum, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(p.PolHolder, NpgsqlDbType.Text, cancellationToken);
            if (p.Premium is { } premium)
                await copy.WriteAsync(premium, NpgsqlDbType.Numeric, cancellationToken);
            else
                await copy.WriteNullAsync(cancellationToken);
            if (p.EffDate is { } date)
                await copy.WriteAsync(date, NpgsqlDbType.Text, cancellationToken);
            else
                await copy.WriteNullAsync(cancellationToken);
            await copy.WriteAsync(p.Status, NpgsqlDbType.Text, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>Agents with a semicolon delimiter, a UTF-8 BOM, names with accents and one ragged row.</summary>
    private string WriteAgentsCsv()
    {
        var folder = Path.Combine(options.FilesFolder, "demo");
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var text = new StringBuilder("agent_code;agent_name;region;commission_rate;joined_on\n");
        string[] names = ["Jürgen Faß", "Amélie Roux", "Bjørn Ås", "Zoë Clarke", "Łukasz Wróbel", "Nuno Conceição"];
        string[] regions = ["North", "South", "East", "West", "Central "];
        for (var i = 1; i <= 180; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"AG-{i:D4};{names[random.Next(names.Length)]} {i};{regions[random.Next(regions.Length)]};");
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(2, 9)}.{random.Next(0, 99):D2};{new DateTime(2010, 1, 1).AddDays(random.Next(5000)):yyyy-MM-dd}\n");
            if (i == 90)
                text.Append("AG-XXXX;broken row without the other fields\n");
        }
        var path = Path.Combine(folder, "agents.csv");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return Path.GetRelativePath(options.FilesFolder, path);
    }

    private string SelfAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5000";
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1").TrimEnd('/');
    }
}

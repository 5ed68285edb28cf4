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
using Workbench.Storage.Audit;
using Workbench.Storage.Sources;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// Creates the demo when the store has no sources (<c>Demo:SeedWhenEmpty</c>): the <c>legacy.policies</c>
/// table in the workbench's own database, the FAST API (served here), an agents CSV, and the three
/// sources. Runs once the web server listens, because registering the API source calls it.
/// </summary>
public sealed class DemoSeeder(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IServer server, SourcesOptions options, IConfiguration configuration, ILogger<DemoSeeder> logger)
{
    public const string LegacySourceName = "Legacy policies (PostgreSQL)";
    public const string FastSourceName = "FAST platform API";
    public const string AgentsSourceName = "Agents export (CSV)";

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand("select exists (select 1 from source)", db))
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
                return;
        await SeedAsync(cancellationToken);
    }

    /// <summary>Removes the demo sources and data and creates them again as new.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        foreach (var source in (await service.ListAsync(cancellationToken)).Where(s => s.IsDemo))
            await service.DeleteAsync(source.Id, cancellationToken);
        await SeedAsync(cancellationToken);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await CreateLegacyTableAsync(cancellationToken);
        var agentsFile = WriteAgentsCsv();
        var self = SelfAddress();
        var store = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var password = StorePassword();

        await using var scope = scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<SourceService>();
        await service.CreateAsync(new SourceDraft(LegacySourceName, SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = store.Host, [PostgresSettings.Port] = store.Port.ToString(CultureInfo.InvariantCulture),
                [PostgresSettings.Database] = store.Database, [PostgresSettings.User] = store.Username,
                [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = "legacy",
            },
            new Dictionary<string, string?> { [PostgresSettings.Password] = password }), isDemo: true, cancellationToken);
        await service.CreateAsync(new SourceDraft(FastSourceName, SourceKind.RestApi,
            new Dictionary<string, string?>
            {
                [RestSettings.BaseUrl] = self + FastApiEndpoints.Route, [RestSettings.Paths] = "/policies",
                [RestSettings.Pagination] = "page", [RestSettings.PageSize] = "250", [RestSettings.RecordsPath] = "items",
            },
            new Dictionary<string, string?>()), isDemo: true, cancellationToken);
        await service.CreateAsync(new SourceDraft(AgentsSourceName, SourceKind.File,
            new Dictionary<string, string?> { [FileSettings.Path] = agentsFile, [FileSettings.Delimiter] = ";" },
            new Dictionary<string, string?>(), MalformedRecordPolicy.Skip), isDemo: true, cancellationToken);
        logger.LogInformation("Demo sources created ({Legacy} legacy policies, FAST API at {Url})", DemoPolicies.Legacy.Count, self + FastApiEndpoints.Route);
    }

    /// <summary>
    /// The store's password: the data source hides it from its connection string, so it comes from the
    /// configured connection string or the embedded cluster's password file. It is stored encrypted like any secret.
    /// </summary>
    private string? StorePassword()
    {
        var configured = configuration.GetConnectionString("Workbench");
        if (!string.IsNullOrWhiteSpace(configured))
            return new NpgsqlConnectionStringBuilder(configured).Password;
        var folder = configuration["Store:Embedded:Directory"] ?? ".workbench/postgres";
        var file = Path.Combine(Path.GetFullPath(folder), "superuser.password");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
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

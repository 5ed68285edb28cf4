using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Quality.Spec;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Application.Quality;

/// <summary>
/// Runs a <see cref="PreviewSpec"/> (<c>workbench preview --spec</c>) with the engine it asks for, or the best one it
/// allows. A spec whose sides are all tables may be pushed down into their database; otherwise every side is read
/// through the connector of its kind, the same connectors (and so the same checks, network policy, timeouts and
/// retries) that read the workbench's sources: a CSV file through the <see cref="FileConnector"/>, inside the file
/// roots the host registered (the CLI gives the spec's folder as the only one), a JSON API through the
/// <see cref="RestConnector"/> (cursor paging), a table through the <see cref="PostgresConnector"/>.
/// </summary>
public sealed partial class PreviewSpecRunner(ConnectorRegistry connectors)
{
    public async Task<QualityReport> RunAsync(PreviewSpec spec, IProgress<QualityProgress>? progress, CancellationToken cancellationToken)
    {
        var definition = spec.ToDefinition();
        var engine = spec.Engine.ToLowerInvariant() switch
        {
            "auto" => spec.AllTables ? PushdownQualityEngine.Name : StreamingQualityEngine.Name,
            PushdownQualityEngine.Name when !spec.AllTables => throw new ArgumentException("The pushdown engine needs every source to be a table."),
            PushdownQualityEngine.Name => PushdownQualityEngine.Name,
            StreamingQualityEngine.Name => StreamingQualityEngine.Name,
            var other => throw new ArgumentException($"Unknown engine '{other}': auto, pushdown or streaming."),
        };
        if (spec.Sides.Any(s => s.Table is not null) && string.IsNullOrWhiteSpace(spec.ConnectionString))
            throw new ArgumentException("The spec has table sources but no \"connectionString\".");
        if (engine == PushdownQualityEngine.Name)
        {
            await using var dataSource = NpgsqlDataSource.Create(spec.ConnectionString!);
            return await PushdownQualityEngine.RunAsync(dataSource, spec.ToTableView(), cancellationToken);
        }
        var database = spec.ConnectionString is { } text && spec.Sides.Any(s => s.Table is not null) ? Database(text) : null;
        var rows = spec.Sides.Select(side => ReadAsync(side, database, cancellationToken)).ToList();
        return await StreamingQualityEngine.RunAsync(definition, rows, progress, cancellationToken: cancellationToken);
    }

    private async IAsyncEnumerable<HarmonisedRow> ReadAsync(SpecSide side, SourceConnection? database, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mapping = new SpecSideMapping(side, valuesAsText: side.Table is null);
        var (connection, locator, request) = side switch
        {
            { Table: { } table } => (database!, new DatasetLocator((PostgresSettings.Schema, side.Schema ?? "public"), (PostgresSettings.Table, table)),
                // In physical order, as the pushdown reads a table: the first row of a duplicated key is the same in both engines.
                new ReadRequest(mapping.Columns, OrderBy: ["ctid"])),
            { Csv: { } csv } => (CsvFile(), new DatasetLocator((FileSettings.File, csv)), new ReadRequest(mapping.Columns)),
            _ => Api(side, mapping),
        };
        var diagnostics = new ReadDiagnostics();
        await using var rows = connectors.For(connection.Kind).ReadAsync(connection, locator, request, diagnostics, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await rows.MoveNextAsync())
                    yield break;
            }
            catch (SourceException ex)
            {
                throw new SourceException(Explain(side, ex.Message), ex);
            }
            catch (MalformedRecordException ex)
            {
                throw new SourceException(Explain(side, ex.Record), ex);
            }
            yield return mapping.Harmonise(rows.Current);
        }
    }

    /// <summary>A CSV side is one file of the folder the connector's file roots allow (the spec's folder for the CLI).</summary>
    private static SourceConnection CsvFile() => new(SourceKind.File,
        new Dictionary<string, string?> { [FileSettings.Path] = ".", [FileSettings.Format] = "csv" }, new Dictionary<string, string>());

    /// <summary>
    /// An API side as a REST source: the URL's origin is the base URL, its path and query the dataset's path; the
    /// spec's <see cref="SpecSide.Records"/> and <see cref="SpecSide.Cursor"/> properties are the source's records and
    /// cursor paths, the cursor sent back as <c>cursor=</c>. The columns the side reads are the dataset's fields, so
    /// nothing is read to discover them and a record without one of them has it null.
    /// </summary>
    private static (SourceConnection, DatasetLocator, ReadRequest) Api(SpecSide side, SpecSideMapping mapping)
    {
        var url = new Uri(side.Api!);
        var connection = new SourceConnection(SourceKind.RestApi, new Dictionary<string, string?>
        {
            [RestSettings.BaseUrl] = url.GetLeftPart(UriPartial.Authority),
            [RestSettings.Pagination] = "cursor",
            [RestSettings.CursorParam] = "cursor",
            [RestSettings.CursorPath] = side.Cursor,
            [RestSettings.RecordsPath] = side.Records,
        }, new Dictionary<string, string>());
        var locator = new DatasetLocator((RestSettings.Path, url.PathAndQuery)) { Fields = mapping.Columns };
        return (connection, locator, ReadRequest.All);
    }

    /// <summary>The spec's database as a PostgreSQL source: its host, port, database, user, password and SSL mode.</summary>
    private static SourceConnection Database(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The spec's \"connectionString\" is not a PostgreSQL connection string: {ex.Message}", ex);
        }
        var settings = new Dictionary<string, string?>
        {
            [PostgresSettings.Host] = builder.Host,
            [PostgresSettings.Port] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [PostgresSettings.Database] = builder.Database,
            [PostgresSettings.User] = builder.Username,
            [PostgresSettings.SslMode] = builder.SslMode.ToString(),
        };
        var secrets = builder.Password is { Length: > 0 } password
            ? new Dictionary<string, string> { [PostgresSettings.Password] = password }
            : new Dictionary<string, string>();
        return new SourceConnection(SourceKind.PostgreSql, settings, secrets);
    }

    /// <summary>
    /// The connector's sentence, saying what it is about ("CSV file fast.csv: ...", "Page 2 of 'fast' (URL): ..." for a
    /// page of an API); the engine puts the side's name before it.
    /// </summary>
    private static string Explain(SpecSide side, string message)
    {
        var where = side switch
        {
            { Table: { } table } => $"table {side.Schema ?? "public"}.{table}",
            { Csv: { } csv } => $"CSV file {csv}",
            _ => $"API {side.Api}",
        };
        return PageMessage().Match(message) is { Success: true } page
            ? $"Page {page.Groups[1].Value} of '{side.Name}' ({side.Api}): {message[page.Length..]}"
            : $"{where}: {message}";
    }

    /// <summary>A page the API answered that is not JSON or holds no records, or one malformed record.</summary>
    private static string Explain(SpecSide side, MalformedRecord record) =>
        record.Position is { Ordinal: 0, Page: { } page } && record.Reason.StartsWith($"page {page} ", StringComparison.Ordinal)
            ? $"Page {page} of '{side.Name}' ({side.Api}) {record.Reason[$"page {page} ".Length..]}"
            : Explain(side, $"malformed record at {record}");

    [GeneratedRegex(@"^Page (\d+): ")]
    private static partial Regex PageMessage();
}

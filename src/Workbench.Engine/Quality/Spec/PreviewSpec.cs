using System.Text.Json;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;

namespace Workbench.Engine.Quality.Spec;

/// <summary>
/// A preview described in a JSON file, for scripts and benchmarks (<c>workbench preview --spec FILE.json</c>;
/// the format is in docs/quality.md). Each side is a PostgreSQL table (schema + table, in the database of
/// <see cref="ConnectionString"/>), a CSV file (path relative to the spec file, never outside its folder) or a JSON API
/// read page by page; every side is read through the connector of its kind (<c>Workbench.Application.Quality.PreviewSpecRunner</c>)
/// and harmonised by <see cref="SpecSideMapping"/>.
/// </summary>
/// <param name="Engine"><c>auto</c> (pushdown when every side is a table), <c>pushdown</c> or <c>streaming</c>.</param>
public sealed record PreviewSpec(
    IReadOnlyList<SpecSide> Sides,
    IReadOnlyList<TargetField> Fields,
    IReadOnlyList<QualityRule>? Rules = null,
    QualityOptions? Options = null,
    string? ConnectionString = null,
    string Engine = "auto")
{
    public static PreviewSpec Parse(string json)
    {
        PreviewSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<PreviewSpec>(json, QualityReport.Json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The spec is not valid JSON for a preview: {ex.Message}", ex);
        }
        if (spec?.Sides is not { Count: > 0 } || spec.Fields is null)
            throw new ArgumentException("The spec needs \"sides\" and \"fields\".");
        return spec;
    }

    public bool AllTables => Sides.All(s => s.Table is not null);

    public TableView ToTableView() => new(
        Sides.Select(s => new TableSide(s.Name, s.Schema ?? "public", s.Table ?? throw new ArgumentException($"Source '{s.Name}' is not a table."), s.Key, s.Fields)).ToList(),
        Fields, Rules ?? [], Options ?? new QualityOptions());

    public QualityDefinition ToDefinition()
    {
        foreach (var side in Sides)
            side.Validate();
        var definition = new QualityDefinition(
            Sides.Select(s => new QualitySide(s.Name, s.Fields.Select(f => f.Target).ToList())).ToList(), Fields, Rules ?? [], Options ?? new QualityOptions());
        definition.Validate();
        return definition;
    }
}

/// <summary>
/// One source: <see cref="Table"/> (with <see cref="Schema"/>, default <c>public</c>), <see cref="Csv"/> or
/// <see cref="Api"/> (the URL of the first page: each answer an object whose <see cref="Records"/> property holds the
/// page's records and whose <see cref="Cursor"/> property holds the next page's cursor, asked for as <c>cursor=</c>;
/// null or missing on the last page).
/// </summary>
public sealed record SpecSide(
    string Name, IReadOnlyList<string> Key, IReadOnlyList<FieldMapping> Fields, string? Schema = null, string? Table = null, string? Csv = null,
    string? Api = null, string Records = "items", string Cursor = "next")
{
    public void Validate()
    {
        if (new[] { Table, Csv, Api }.Count(s => s is not null) != 1)
            throw new ArgumentException($"Source '{Name}' needs exactly one of \"table\", \"csv\" or \"api\".");
        if (Api is not null && !(Uri.TryCreate(Api, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            throw new ArgumentException($"Source '{Name}': \"api\" must be an absolute http(s) URL, not '{Api}'.");
        if (Key is not { Count: > 0 })
            throw new ArgumentException($"Source '{Name}' needs a \"key\".");
        foreach (var field in Fields)
            field.Expression.Validate();
    }
}

using Npgsql;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Engine.Quality.Spec;

/// <summary>Runs a <see cref="PreviewSpec"/> with the engine it asks for (or the best one it allows).</summary>
public static class PreviewSpecRunner
{
    public static async Task<QualityReport> RunAsync(PreviewSpec spec, string baseDirectory, IProgress<QualityProgress>? progress, CancellationToken cancellationToken)
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
        var needsDatabase = spec.Sides.Any(s => s.Table is not null);
        if (needsDatabase && string.IsNullOrWhiteSpace(spec.ConnectionString))
            throw new ArgumentException("The spec has table sources but no \"connectionString\".");
        await using var database = needsDatabase ? NpgsqlDataSource.Create(spec.ConnectionString!) : null;
        if (engine == PushdownQualityEngine.Name)
            return await PushdownQualityEngine.RunAsync(database!, spec.ToTableView(), cancellationToken);

        var rows = spec.Sides.Select(side => side switch
        {
            { Table: { } table } => PostgresSideReader.ReadAsync(database!, new TableSide(side.Name, side.Schema ?? "public", table, side.Key, side.Fields), cancellationToken),
            { Csv: { } csv } => CsvSideReader.ReadAsync(Path.GetFullPath(csv, baseDirectory), side, cancellationToken),
            _ => ApiSideReader.ReadAsync(side, cancellationToken),
        }).ToList();
        return await StreamingQualityEngine.RunAsync(definition, rows, progress, cancellationToken: cancellationToken);
    }
}

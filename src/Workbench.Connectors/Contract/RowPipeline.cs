using System.Runtime.CompilerServices;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Contract;

/// <summary>Projection, filters and limit applied in process, for what a source cannot do itself.</summary>
public static class RowPipeline
{
    /// <summary>Checks that every field the request names exists, so a typo fails with its name rather than as empty values.</summary>
    public static void Validate(ReadRequest request, IReadOnlyList<string> available)
    {
        var known = new HashSet<string>(available, StringComparer.OrdinalIgnoreCase);
        var named = (request.Fields ?? []).Concat((request.Filters ?? []).Select(f => f.Field)).Concat(request.OrderBy ?? []);
        foreach (var name in named)
            if (!known.Contains(name))
                throw new SourceException($"The dataset has no field '{name}'.");
    }

    public static RowShape Shape(ReadRequest request, IReadOnlyList<string> available) =>
        new(request.Fields is { Count: > 0 } fields
            ? fields.Select(f => available.First(a => string.Equals(a, f, StringComparison.OrdinalIgnoreCase))).ToArray()
            : available);

    /// <summary>Applies filters, projection and limit to rows that carry every field of the dataset.</summary>
    public static async IAsyncEnumerable<SourceRow> ApplyAsync(
        IAsyncEnumerable<SourceRow> rows, ReadRequest request, RowShape projected,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (request.OrderBy is { Count: > 0 })
            throw new SourceException("This kind of source cannot order rows; read without ordering.");
        var filters = request.Filters ?? [];
        var project = request.Fields is { Count: > 0 };
        long emitted = 0;
        if (request.Limit is <= 0)
            yield break;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!filters.All(f => f.Matches(row[f.Field])))
                continue;
            if (project)
            {
                var values = new object?[projected.Fields.Count];
                for (var i = 0; i < values.Length; i++)
                    values[i] = row[projected.Fields[i]];
                yield return new SourceRow(projected, values, row.Position);
            }
            else
            {
                yield return row;
            }
            if (request.Limit is { } limit && ++emitted >= limit)
                yield break;
        }
    }

    public static IReadOnlyList<string> Names(IReadOnlyList<FieldSchema> fields) => fields.Select(f => f.Name).ToArray();
}

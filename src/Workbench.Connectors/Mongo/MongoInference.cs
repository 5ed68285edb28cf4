using MongoDB.Bson;
using Workbench.Core.Schema;

namespace Workbench.Connectors.Mongo;

/// <summary>
/// Fields of a collection inferred from sampled documents: every flattened path seen, in the order first seen
/// (<c>_id</c> first), typed by its BSON types. A path holding more than one type says so in its native type
/// (<c>double 97 %, string 3 %</c>) and takes the type most of its values have (integers and decimals together are decimal).
/// </summary>
public sealed class MongoInference
{
    private readonly Dictionary<string, PathStats> _paths = new(StringComparer.Ordinal);
    private readonly List<string> _order = [MongoValues.IdField];
    private long _documents;

    public void Add(BsonDocument document)
    {
        _documents++;
        foreach (var (path, value) in MongoValues.Flatten(document))
        {
            if (!_paths.TryGetValue(path, out var stats))
            {
                _paths[path] = stats = new PathStats();
                if (path != MongoValues.IdField)
                    _order.Add(path);
            }
            stats.Present++;
            if (value.IsBsonNull || value.BsonType == BsonType.Undefined)
                continue;
            stats.ByType[value.BsonType] = stats.ByType.GetValueOrDefault(value.BsonType) + 1;
        }
    }

    public IReadOnlyList<FieldSchema> Fields() =>
        _order.Where(_paths.ContainsKey).Select(path => Field(path, _paths[path])).ToList();

    private FieldSchema Field(string path, PathStats stats)
    {
        var nonNull = stats.ByType.Values.Sum();
        var nullable = stats.Present < _documents || nonNull < stats.Present;
        if (path == MongoValues.IdField)
            return new FieldSchema(path, FieldType.Text, nullable, Describe(stats.ByType, nonNull));
        var ranked = stats.ByType.OrderByDescending(t => t.Value).ThenBy(t => t.Key).ToList();
        if (ranked.Count == 0)
            return new FieldSchema(path, FieldType.Text, true, "null");
        var mapped = ranked.Select(t => MongoValues.TypeOf(t.Key)).Distinct().ToList();
        var type = mapped.All(t => t is FieldType.Integer or FieldType.Decimal) && mapped.Count > 1
            ? FieldType.Decimal
            : MongoValues.TypeOf(ranked[0].Key);
        return new FieldSchema(path, type, nullable, Describe(stats.ByType, nonNull));
    }

    private static string? Describe(Dictionary<BsonType, long> byType, long nonNull)
    {
        if (byType.Count == 0)
            return "null";
        if (byType.Count == 1)
            return MongoValues.NativeName(byType.Keys.Single());
        return string.Join(", ", byType.OrderByDescending(t => t.Value).ThenBy(t => t.Key)
            .Select(t => $"{MongoValues.NativeName(t.Key)} {Percent(t.Value, nonNull)} %"));
    }

    private static string Percent(long part, long whole)
    {
        var percent = Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);
        return percent == 0 ? "<1" : percent == 100 && part < whole ? ">99" : percent.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class PathStats
    {
        public long Present;
        public readonly Dictionary<BsonType, long> ByType = [];
    }
}

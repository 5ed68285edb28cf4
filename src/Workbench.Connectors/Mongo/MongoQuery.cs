using System.Globalization;
using MongoDB.Bson;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Mongo;

/// <summary>
/// What of a <see cref="ReadRequest"/> goes into the MongoDB query: the projection, and the equality and
/// null filters. Values are BSON values in a filter document, never query text. An equality filter asks
/// for every BSON form its value can take ("42" finds the string "42", the numbers 42 and the ObjectId
/// when it is one), so the server returns a superset the workbench then narrows exactly as other sources do.
/// </summary>
public static class MongoQuery
{
    public static BsonDocument Filter(ReadRequest request)
    {
        var filter = new BsonDocument();
        var conditions = new BsonArray();
        foreach (var condition in request.Filters ?? [])
        {
            var clause = condition.Operator switch
            {
                FilterOperator.Equal => new BsonDocument(condition.Field, new BsonDocument("$in", new BsonArray(Forms(condition.Value, condition.Field)))),
                FilterOperator.IsNull => new BsonDocument(condition.Field, BsonNull.Value),
                FilterOperator.IsNotNull => new BsonDocument(condition.Field, new BsonDocument("$ne", BsonNull.Value)),
                // Not pushed: the server's $ne also keeps documents without the field, which the workbench leaves out.
                _ => null,
            };
            if (clause is not null)
                conditions.Add(clause);
        }
        if (conditions.Count > 0)
            filter.Add("$and", conditions);
        return filter;
    }

    /// <summary>The paths a read needs (asked fields and filtered fields), or null for whole documents.</summary>
    public static BsonDocument? Projection(ReadRequest request)
    {
        if (request.Fields is not { Count: > 0 } fields)
            return null;
        var paths = fields.Concat((request.Filters ?? []).Select(f => f.Field)).Distinct(StringComparer.Ordinal).ToList();
        // MongoDB refuses a projection naming both a path and a path inside it; the outer one brings both.
        var kept = paths.Where(p => !paths.Any(outer => p.StartsWith(outer + ".", StringComparison.Ordinal))).ToList();
        var projection = new BsonDocument(kept.Select(p => new BsonElement(p, 1)));
        if (!kept.Contains(MongoValues.IdField))
            projection.Add(MongoValues.IdField, 0);
        return projection;
    }

    /// <summary>The server can apply the limit only when it applies every filter exactly, i.e. when there is none.</summary>
    public static int? Limit(ReadRequest request) =>
        request.Filters is not { Count: > 0 } && request.Limit is { } limit ? (int)Math.Clamp(limit, 0, int.MaxValue) : null;

    private static IEnumerable<BsonValue> Forms(object? value, string field)
    {
        switch (value)
        {
            case null:
                yield return BsonNull.Value;
                yield break;
            case string text:
                yield return new BsonString(text);
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
                    yield return new BsonInt64(whole);
                else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
                    yield return new BsonDouble(real);
                if (bool.TryParse(text, out var flag))
                    yield return new BsonBoolean(flag);
                if (field == MongoValues.IdField && ObjectId.TryParse(text, out var id))
                    yield return new BsonObjectId(id);
                yield break;
            default:
                if (BsonTypeMapper.TryMapToBsonValue(value, out var mapped))
                    yield return mapped;
                yield return new BsonString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                yield break;
        }
    }
}

using System.Globalization;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using Workbench.Core.Schema;

namespace Workbench.Connectors.Mongo;

/// <summary>
/// BSON as the workbench sees it: nested documents flattened to dotted paths (<c>address.city</c>), arrays as
/// their JSON text, <c>_id</c> always text so it can be a join key, the rest as .NET values.
/// </summary>
public static class MongoValues
{
    public const string IdField = "_id";

    private static readonly JsonWriterSettings Json = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    /// <summary>Every leaf of <paramref name="document"/> with its dotted path; a non-empty sub-document is walked into, not reported.</summary>
    public static IEnumerable<(string Path, BsonValue Value)> Flatten(BsonDocument document, string prefix = "")
    {
        foreach (var element in document)
        {
            var path = prefix + element.Name;
            if (element.Value is BsonDocument { ElementCount: > 0 } nested)
            {
                foreach (var leaf in Flatten(nested, path + "."))
                    yield return leaf;
            }
            else
            {
                yield return (path, element.Value);
            }
        }
    }

    /// <summary>The value at a flattened path, or null when a document does not have it.</summary>
    public static BsonValue? Find(BsonDocument document, string path)
    {
        if (document.TryGetValue(path, out var whole))
            return whole;
        var dot = path.IndexOf('.');
        while (dot > 0)
        {
            if (document.TryGetValue(path[..dot], out var head) && head is BsonDocument nested && Find(nested, path[(dot + 1)..]) is { } found)
                return found;
            dot = path.IndexOf('.', dot + 1);
        }
        return null;
    }

    /// <summary>A row value; throws <see cref="UnreadableValueException"/> for a value the workbench cannot hold.</summary>
    public static object? ToValue(BsonValue value, bool isId = false)
    {
        if (isId)
            return value is BsonString s ? s.Value : value.IsBsonNull ? null : ToText(value);
        switch (value.BsonType)
        {
            case BsonType.Null or BsonType.Undefined:
                return null;
            case BsonType.String:
                return value.AsString;
            case BsonType.Int32:
                return (long)value.AsInt32;
            case BsonType.Int64:
                return value.AsInt64;
            case BsonType.Double:
                return value.AsDouble;
            case BsonType.Boolean:
                return value.AsBoolean;
            case BsonType.ObjectId:
                return value.AsObjectId.ToString();
            case BsonType.Decimal128:
                var number = value.AsDecimal128;
                try
                {
                    return Decimal128.ToDecimal(number);
                }
                catch (OverflowException)
                {
                    throw new UnreadableValueException($"the decimal {number} is outside the range the workbench can hold");
                }
            case BsonType.DateTime:
                var millis = value.AsBsonDateTime.MillisecondsSinceEpoch;
                if (millis < BsonConstants.DateTimeMinValueMillisecondsSinceEpoch || millis > BsonConstants.DateTimeMaxValueMillisecondsSinceEpoch)
                    throw new UnreadableValueException($"the date {millis} ms after 1970 is outside the years 1 to 9999");
                return value.ToUniversalTime();
            default:
                return ToText(value);
        }
    }

    /// <summary>What the workbench calls a BSON type.</summary>
    public static FieldType TypeOf(BsonType type) => type switch
    {
        BsonType.String or BsonType.ObjectId or BsonType.Symbol or BsonType.RegularExpression or BsonType.JavaScript => FieldType.Text,
        BsonType.Int32 or BsonType.Int64 => FieldType.Integer,
        BsonType.Double or BsonType.Decimal128 => FieldType.Decimal,
        BsonType.Boolean => FieldType.Boolean,
        BsonType.DateTime => FieldType.Timestamp,
        _ => FieldType.Json,
    };

    /// <summary>MongoDB's own name of a BSON type, as <c>$type</c> and the shell say it.</summary>
    public static string NativeName(BsonType type) => type switch
    {
        BsonType.Int32 => "int",
        BsonType.Int64 => "long",
        BsonType.Decimal128 => "decimal",
        BsonType.Boolean => "bool",
        BsonType.DateTime => "date",
        BsonType.Document => "object",
        BsonType.ObjectId => "objectId",
        BsonType.Binary => "binData",
        BsonType.RegularExpression => "regex",
        _ => char.ToLowerInvariant(type.ToString()[0]) + type.ToString()[1..],
    };

    private static string ToText(BsonValue value) => value switch
    {
        BsonObjectId id => id.Value.ToString(),
        BsonString s => s.Value,
        BsonInt32 or BsonInt64 or BsonDouble or BsonDecimal128 => Convert.ToString(BsonTypeMapper.MapToDotNetValue(value), CultureInfo.InvariantCulture)!,
        BsonBinaryData { SubType: BsonBinarySubType.UuidStandard } binary => binary.ToGuid().ToString(),
        _ => value.ToJson(Json),
    };
}

/// <summary>A BSON value the workbench cannot hold (a decimal beyond .NET's range, a date outside years 1 to 9999).</summary>
public sealed class UnreadableValueException(string reason) : Exception(reason);

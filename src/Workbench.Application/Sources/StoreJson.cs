using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Application.Sources;

/// <summary>How settings, fields and profiles are written to jsonb columns: camelCase, enums by name.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

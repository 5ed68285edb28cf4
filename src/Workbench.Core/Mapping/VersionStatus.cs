using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Core.Mapping;

/// <summary>Where a version of a view stands in review. The database allows only forward moves between them.</summary>
[JsonConverter(typeof(VersionStatusJson))]
public enum VersionStatus
{
    Draft,
    Submitted,
    Approved,
    Rejected,
}

/// <summary>The words the statuses are stored and shown as (<c>view_version.status</c>, the HTTP API, the badges).</summary>
public static class VersionStatusNames
{
    public static string Name(this VersionStatus status) => status switch
    {
        VersionStatus.Draft => "draft",
        VersionStatus.Submitted => "submitted",
        VersionStatus.Approved => "approved",
        VersionStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a version status."),
    };

    public static VersionStatus Parse(string name) => name switch
    {
        "draft" => VersionStatus.Draft,
        "submitted" => VersionStatus.Submitted,
        "approved" => VersionStatus.Approved,
        "rejected" => VersionStatus.Rejected,
        _ => throw new FormatException($"'{name}' is not a version status."),
    };
}

/// <summary>In JSON a status is its word, as stored, whatever serializer options the caller has.</summary>
public sealed class VersionStatusJson : JsonConverter<VersionStatus>
{
    public override VersionStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        VersionStatusNames.Parse(reader.GetString() ?? throw new JsonException("A version status is a string."));

    public override void Write(Utf8JsonWriter writer, VersionStatus value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name());
}

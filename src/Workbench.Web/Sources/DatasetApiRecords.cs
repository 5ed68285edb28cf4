using System.Globalization;
using System.Text.Json;
using Workbench.Application.Privacy;
using Workbench.Application.Sources;
using Workbench.Core.Profiling;
using Workbench.Core.Schema;

namespace Workbench.Web.Sources;

/// <summary>A dataset in a list: where it is and how many fields it has; <c>qualifiedName</c> is how a view spec names it.</summary>
public sealed record DatasetSummaryDto(Guid Id, Guid SourceId, string SourceName, string Name, string QualifiedName, int FieldCount, bool Profiled)
{
    public static DatasetSummaryDto From(StoredDataset d) => new(d.Id, d.SourceId, d.SourceName, d.Name, $"{d.SourceName}.{d.Name}", d.Fields.Count, d.Profile is not null);
}

/// <summary>One field of a dataset's schema; <c>type</c> is spelled as in a view spec (<c>text</c>, <c>decimal</c>, ...).</summary>
public sealed record FieldDto(string Name, string Type, bool Nullable, string? NativeType)
{
    public static FieldDto From(FieldSchema f) => new(f.Name, TypeName(f.Type), f.Nullable, f.NativeType);

    public static string TypeName(FieldType type) => JsonNamingPolicy.CamelCase.ConvertName(type.ToString());
}

/// <summary>
/// A dataset with its schema, where it lives in its source, its last profile (null until profiled; a personal field's
/// values in it masked unless asked for unmasked) and its fields' personal data marks.
/// </summary>
public sealed record DatasetDto(
    Guid Id, Guid SourceId, string SourceName, string Name, string QualifiedName, IReadOnlyDictionary<string, string?> Locator,
    IReadOnlyList<FieldDto> Fields, ProfileDto? Profile, IReadOnlyList<PersonalDataMarkDto> PersonalData)
{
    public static DatasetDto From(StoredDataset d, FieldMasking masking, IReadOnlyList<PersonalDataMark> marks) => new(
        d.Id, d.SourceId, d.SourceName, d.Name, $"{d.SourceName}.{d.Name}", d.Locator,
        d.Fields.Select(FieldDto.From).ToList(), d.Profile is null ? null : ProfileDto.From(MaskedProfile.Of(d.Profile, masking)),
        marks.Select(PersonalDataMarkDto.From).ToList());
}

/// <summary>
/// A field's personal data mark: <c>kind</c> (name, email, phone, dateOfBirth, nationalId, address, accountNumber,
/// freeText), <c>state</c> (proposed by the profiler, confirmed or cleared by a steward) and why.
/// </summary>
public sealed record PersonalDataMarkDto(string Field, string Kind, string State, bool Masked, string Reason, string? DecidedBy, DateTimeOffset UpdatedAt)
{
    public static PersonalDataMarkDto From(PersonalDataMark m) => new(m.Field, JsonNamingPolicy.CamelCase.ConvertName(m.Kind.ToString()),
        JsonNamingPolicy.CamelCase.ConvertName(m.State.ToString()), m.Masks, m.Reason, m.DecidedBy, m.UpdatedAt);
}

/// <summary>A steward's decision on a field: <c>kind</c> confirms it as that kind of personal data; null clears its mark.</summary>
public sealed record PersonalDataDecisionDto(string? Kind);

/// <summary>A dataset's profile: rows read, whether all of them (<c>complete</c>) or a sample, and each field's figures.</summary>
public sealed record ProfileDto(long Rows, bool Complete, DateTimeOffset ProfiledAt, long MalformedRecords, IReadOnlyList<FieldProfileDto> Fields)
{
    public static ProfileDto From(DatasetProfile p) => new(p.Rows, p.Complete, p.ProfiledAt, p.MalformedRecords, p.Fields.Select(FieldProfileDto.From).ToList());
}

/// <summary>One field's profile: counts, null rate, distinct estimate, range, inferred type, frequent values, patterns and date formats.</summary>
public sealed record FieldProfileDto(
    string Name, long Count, long Nulls, double NullRate, long DistinctEstimate, string? Min, string? Max, string InferredType,
    IReadOnlyList<ValueCount> TopValues, IReadOnlyList<ValueCount> Patterns, IReadOnlyList<ValueCount> DateFormats)
{
    public static FieldProfileDto From(FieldProfile f) => new(f.Name, f.Count, f.Nulls, f.NullRate, f.DistinctEstimate, f.Min, f.Max,
        FieldDto.TypeName(f.InferredType), f.TopValues, f.Patterns, f.DateFormats);
}

/// <summary>
/// Rows read live from a dataset: each a field-to-value object (numbers and booleans as JSON numbers and booleans, dates
/// and everything else as text), with the records a skipping source left out and the connector's notes.
/// </summary>
public sealed record SampleDto(Guid DatasetId, IReadOnlyList<string> Fields, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows,
    long MalformedSkipped, IReadOnlyList<string> Notes)
{
    /// <summary>A value as JSON can hold it whatever the connector returned (a driver's own types become their text).</summary>
    public static object? Value(object? value) => value switch
    {
        double d when !double.IsFinite(d) => d.ToString(CultureInfo.InvariantCulture),
        float f when !float.IsFinite(f) => f.ToString(CultureInfo.InvariantCulture),
        null or string or bool or int or long or short or byte or decimal or double or float => value,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

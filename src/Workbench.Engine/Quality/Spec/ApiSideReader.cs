using System.Runtime.CompilerServices;
using System.Text.Json;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Spec;

/// <summary>
/// Streams a JSON API as harmonised rows, one page in memory at a time: each answer is an object whose
/// <see cref="SpecSide.Records"/> property holds the page's records and whose <see cref="SpecSide.Cursor"/> property
/// holds the cursor of the next page (asked for as <c>?cursor=</c>), null or missing on the last. Values are read
/// as text (numbers as written), so they harmonise exactly as the same values from a CSV file do.
/// </summary>
public static class ApiSideReader
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async IAsyncEnumerable<HarmonisedRow> ReadAsync(SpecSide side, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var url = side.Api!;
        long position = 0;
        for (var page = 1; ; page++)
        {
            using var document = await PageAsync(side, url, page, cancellationToken);
            if (!document.RootElement.TryGetProperty(side.Records, out var records) || records.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"Page {page} of '{side.Name}' ({url}) has no array \"{side.Records}\".");
            foreach (var record in records.EnumerateArray())
            {
                position++;
                if (record.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"Record {position} of '{side.Name}' (page {page}) is not a JSON object.");
                yield return Harmonise(side, record, position);
            }
            if (!document.RootElement.TryGetProperty(side.Cursor, out var next) || next.ValueKind == JsonValueKind.Null)
                yield break;
            url = WithCursor(side.Api!, Text(next)!);
        }
    }

    private static async Task<JsonDocument> PageAsync(SpecSide side, string url, int page, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidDataException($"Page {page} of '{side.Name}' ({url}) answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Page {page} of '{side.Name}' ({url}) is not valid JSON: {ex.Message}", ex);
        }
    }

    private static HarmonisedRow Harmonise(SpecSide side, JsonElement record, long position) => HarmonisedRow.Of(
        side.Key.Select(column => (object?)Property(record, column)).ToArray(), side.Fields,
        i => Property(record, side.Fields[i].Expression.Column), position);

    private static string? Property(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>Empty text is null, as in a CSV file.</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static string WithCursor(string first, string cursor) =>
        first + (first.Contains('?') ? '&' : '?') + "cursor=" + Uri.EscapeDataString(cursor);
}

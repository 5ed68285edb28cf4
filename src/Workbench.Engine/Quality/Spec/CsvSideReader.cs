using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Spec;

/// <summary>
/// Streams a CSV file (header row, comma-separated, UTF-8) as harmonised rows. CSV cannot tell an empty value
/// from a missing one: an empty field is null.
/// </summary>
public static class CsvSideReader
{
    public static async IAsyncEnumerable<HarmonisedRow> ReadAsync(string path, SpecSide side, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var text = new StreamReader(path, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BufferSize = 1 << 16 });
        if (!await csv.ReadAsync() || !csv.ReadHeader())
            yield break;
        var header = csv.HeaderRecord!;
        int At(string column) => Array.IndexOf(header, column) is var i and >= 0
            ? i
            : throw new InvalidDataException($"{Path.GetFileName(path)} has no column '{column}' (it has {string.Join(", ", header)}).");
        var keyAt = side.Key.Select(At).ToArray();
        var fieldAt = side.Fields.Select(f => At(f.Expression.Column)).ToArray();
        Func<int, object?> field = i => Field(csv, fieldAt[i]);
        long position = 0;
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = new object?[keyAt.Length];
            for (var i = 0; i < keyAt.Length; i++)
                key[i] = Field(csv, keyAt[i]);
            yield return HarmonisedRow.Of(key, side.Fields, field, ++position);
        }
    }

    private static string? Field(CsvReader csv, int index) => csv.GetField(index) is { Length: > 0 } value ? value : null;
}

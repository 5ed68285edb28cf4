using System.Buffers;
using System.Text;

namespace Workbench.Connectors.Files;

/// <summary>
/// Tells a text file (CSV, JSON, NDJSON) from a binary one before it is parsed: a Parquet file, a workbook or an
/// archive read as CSV would otherwise yield one garbled field and a "Found" that is not true. Text in another
/// encoding (latin-1 read as UTF-8) is still text: only a few of its bytes are invalid, and none is a NUL.
/// </summary>
public static class TextFileCheck
{
    /// <summary>How much of the file's start is looked at.</summary>
    public const int HeadBytes = 8 * 1024;

    /// <summary>Above this share of control characters (other than tab, line feed, form feed, carriage return), no text file.</summary>
    private const double MaxControlShare = 0.02;

    /// <summary>Above this share of bytes that are not UTF-8, no text in UTF-8 nor in a Western single-byte encoding (a short latin-1 line can reach 10 %).</summary>
    private const double MaxInvalidUtf8Share = 0.30;

    private static readonly (byte[] Magic, string Kind)[] KnownKinds =
    [
        ("PAR1"u8.ToArray(), "a Parquet file"),
        ([0x50, 0x4B, 0x03, 0x04], "an Excel workbook (or another zip archive)"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an old Excel (.xls) or Office file"),
        ([0x1F, 0x8B], "a gzip archive"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
    ];

    /// <summary>Why the start of a file is not text, as a sentence naming <paramref name="fileName"/>; null when it reads as text.</summary>
    public static string? Problem(ReadOnlySpan<byte> head, string fileName)
    {
        foreach (var (magic, kind) in KnownKinds)
            if (head.StartsWith(magic))
                return $"'{fileName}' is not text: it looks like {kind}. Is it a Parquet or Excel file? Choose that format.";
        if (head.Contains((byte)0) || Share(ControlBytes(head), head.Length) > MaxControlShare || Share(InvalidUtf8Bytes(head), head.Length) > MaxInvalidUtf8Share)
            return $"'{fileName}' is not text, so it cannot be read as CSV or JSON. Is it a Parquet or Excel file? Choose that format.";
        return null;
    }

    /// <summary>Reads the file's first <see cref="HeadBytes"/> and checks them.</summary>
    public static string? Problem(string path)
    {
        using var stream = CsvReading.Open(path);
        var head = new byte[HeadBytes];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Problem(head.AsSpan(0, read), Path.GetFileName(path));
    }

    private static double Share(int count, int total) => total == 0 ? 0 : (double)count / total;

    private static int ControlBytes(ReadOnlySpan<byte> head)
    {
        var count = 0;
        foreach (var b in head)
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\f' and not (byte)'\r')
                count++;
        return count;
    }

    /// <summary>Bytes that start no valid UTF-8 character; a character cut by the end of the head is not counted.</summary>
    private static int InvalidUtf8Bytes(ReadOnlySpan<byte> head)
    {
        var invalid = 0;
        while (!head.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(head, out _, out var consumed);
            if (status == OperationStatus.NeedMoreData)
                break;
            if (status == OperationStatus.InvalidData)
                invalid += consumed;
            head = head[consumed..];
        }
        return invalid;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Connectors.Rest;

/// <summary>
/// The most of an API's answer a message may show: a short excerpt of its start, with markup, control
/// characters and quotes removed, so an answer can neither flood a message nor inject anything into a page or log.
/// </summary>
public static partial class BodyExcerpt
{
    public const int MaxCharacters = 80;

    /// <summary>Bytes read from an answer to make an excerpt; the rest is never read.</summary>
    public const int MaxBytes = 1024;

    /// <summary>A sentence to append to a message, or empty when nothing printable is left.</summary>
    public static string Sentence(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxBytes)]);
        text = Markup().Replace(text, " ");
        text = new string(text.Select(c => char.IsControl(c) || c is '<' or '>' or '&' or '"' or '\'' or '`' or '\uFFFD' ? ' ' : c).ToArray());
        text = Spaces().Replace(text, " ").Trim();
        if (text.Length == 0)
            return "";
        var excerpt = text.Length > MaxCharacters ? text[..MaxCharacters] + "…" : text;
        return $" Start of its answer (sanitised excerpt): {excerpt}";
    }

    public static async Task<string> SentenceAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBytes];
        var read = 0;
        int got;
        while (read < buffer.Length && (got = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            read += got;
        return Sentence(buffer.AsSpan(0, read));
    }

    [GeneratedRegex("<[^>]*>?")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

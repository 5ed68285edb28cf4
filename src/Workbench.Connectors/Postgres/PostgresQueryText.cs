using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Postgres;

/// <summary>
/// The text of a query dataset, checked before it is placed inside <c>select ... from (&lt;query&gt;) as query_dataset</c>:
/// exactly one reading statement whose text cannot close that subquery or add a statement after it.
/// </summary>
/// <remarks>
/// The scan follows PostgreSQL's lexer where it matters for structure: quoted strings (with <c>''</c>, and
/// backslash escapes in <c>E'...'</c>), quoted identifiers, dollar quotes (<c>$tag$...$tag$</c>), nested block
/// comments and line comments. Outside them, parentheses must balance without going below zero, and a
/// <c>;</c> may only end the text. This is the first layer: the wrapped statement is also sent unsplit, so
/// the server itself refuses a second statement, inside a read-only transaction.
/// </remarks>
public static class PostgresQueryText
{
    private static readonly string[] ReadingStarts = ["select", "with", "values", "table"];

    /// <summary>The query without a single trailing <c>;</c>, or a <see cref="SourceException"/> naming the problem.</summary>
    public static string Checked(string query, string? dataset = null)
    {
        var text = query.Trim();
        var depth = 0;
        int? end = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (end is not null && !char.IsWhiteSpace(c) && !(c == '-' && next == '-') && !(c == '/' && next == '*'))
                throw Refused(dataset, "holds more than one statement (only one reading statement is allowed, without ';' inside it)");
            switch (c)
            {
                case '\'':
                    i = SkipString(text, i, BackslashEscapes(text, i), dataset);
                    continue;
                case '"':
                    i = SkipQuoted(text, i, '"', dataset, "a quoted name");
                    continue;
                case '-' when next == '-':
                    i = SkipLine(text, i);
                    continue;
                case '/' when next == '*':
                    i = SkipBlockComment(text, i, dataset);
                    continue;
                case '$' when i > 0 && IsIdentifierChar(text[i - 1]):
                    break;
                case '$' when char.IsAsciiDigit(next):
                    throw Refused(dataset, "uses a parameter ($1...); write the value into the query instead");
                case '$':
                    i = SkipDollarQuote(text, i, dataset);
                    continue;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth < 0)
                        throw Refused(dataset, "closes a parenthesis it did not open");
                    break;
                case ';':
                    end ??= i;
                    break;
            }
            i++;
        }
        if (depth != 0)
            throw Refused(dataset, "leaves a parenthesis open");
        var statement = (end is { } at ? text[..at] : text).TrimEnd();
        if (!StartsReading(statement))
            throw Refused(dataset, "is not a reading statement; it must start with SELECT, WITH, VALUES or TABLE");
        return statement;
    }

    private static SourceException Refused(string? dataset, string reason) =>
        new(dataset is null ? $"The query dataset {reason}." : $"The query dataset '{dataset}' {reason}.");

    private static bool StartsReading(string statement)
    {
        var start = statement.TrimStart('(', ' ', '\t', '\r', '\n');
        var word = new string(start.TakeWhile(char.IsAsciiLetter).ToArray());
        return ReadingStarts.Contains(word, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An <c>E'...'</c> string: the <c>E</c> is a word of its own just before the quote.</summary>
    private static bool BackslashEscapes(string text, int quote) =>
        quote > 0 && text[quote - 1] is 'e' or 'E' && (quote == 1 || !IsIdentifierChar(text[quote - 2]));

    private static int SkipString(string text, int start, bool backslashEscapes, string? dataset)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (backslashEscapes && text[i] == '\\')
                i++;
            else if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                    i++;
                else
                    return i + 1;
            }
        }
        throw Refused(dataset, "leaves a quoted string open");
    }

    private static int SkipQuoted(string text, int start, char quote, string? dataset, string what)
    {
        for (var i = start + 1; i < text.Length; i++)
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                    i++;
                else
                    return i + 1;
            }
        throw Refused(dataset, $"leaves {what} open");
    }

    private static int SkipLine(string text, int start)
    {
        var end = text.IndexOfAny(['\n', '\r'], start);
        return end < 0 ? text.Length : end + 1;
    }

    private static int SkipBlockComment(string text, int start, string? dataset)
    {
        var depth = 0;
        for (var i = start; i + 1 < text.Length; i++)
        {
            if (text[i] == '/' && text[i + 1] == '*')
            {
                depth++;
                i++;
            }
            else if (text[i] == '*' && text[i + 1] == '/')
            {
                i++;
                if (--depth == 0)
                    return i + 1;
            }
        }
        throw Refused(dataset, "leaves a /* comment open");
    }

    private static int SkipDollarQuote(string text, int start, string? dataset)
    {
        var tagEnd = start + 1;
        while (tagEnd < text.Length && IsIdentifierChar(text[tagEnd]) && text[tagEnd] != '$')
            tagEnd++;
        if (tagEnd >= text.Length || text[tagEnd] != '$')
            throw Refused(dataset, "holds a '$' that starts no dollar-quoted string");
        var tag = text[start..(tagEnd + 1)];
        var close = text.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
        if (close < 0)
            throw Refused(dataset, "leaves a dollar-quoted string open");
        return close + tag.Length;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > '\x7f';
}

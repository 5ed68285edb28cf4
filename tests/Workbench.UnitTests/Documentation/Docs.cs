using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.UnitTests.Documentation;

/// <summary>
/// The repository's Markdown as the documentation tests read it: README.md and docs/*.md, split into fenced code
/// blocks, prose paragraphs, headings and tables. A small reader of the subset of Markdown these pages use.
/// </summary>
internal static partial class Docs
{
    public static string Root { get; } = FindRoot();

    public static string DocsFolder => Path.Combine(Root, "docs");

    /// <summary>README.md and every page of docs/, as paths relative to the repository root.</summary>
    public static IReadOnlyList<string> Pages { get; } =
        [
            "README.md",
            .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal),
        ];

    public static MarkdownPage Read(string relativePath) => MarkdownPage.Parse(relativePath, File.ReadAllText(Path.Combine(Root, relativePath)));

    public static IEnumerable<MarkdownPage> All() => Pages.Select(Read);

    /// <summary>GitHub's anchor of a heading: lower case, punctuation dropped, spaces to '-'.</summary>
    public static string Anchor(string heading)
    {
        var text = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (c == ' ')
                text.Append('-');
            else if (c is '-' or '_' || char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark)
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>The anchors of a page's headings, numbered as GitHub numbers repeated ones (<c>-1</c>, <c>-2</c>...).</summary>
    public static IReadOnlySet<string> Anchors(MarkdownPage page)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in page.Headings)
        {
            var anchor = Anchor(heading);
            if (seen.TryGetValue(anchor, out var count))
            {
                seen[anchor] = count + 1;
                anchors.Add($"{anchor}-{count}");
            }
            else
            {
                seen[anchor] = 1;
                anchors.Add(anchor);
            }
        }
        return anchors;
    }

    /// <summary>The cells of a table row (<c>| a | b |</c>), splitting on pipes outside code spans.</summary>
    public static IReadOnlyList<string> Cells(string row)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var inCode = false;
        var text = row.Trim();
        if (text.StartsWith('|'))
            text = text[1..];
        if (text.EndsWith('|'))
            text = text[..^1];
        foreach (var c in text)
        {
            if (c == '`')
                inCode = !inCode;
            if (c == '|' && !inCode)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
                continue;
            }
            cell.Append(c);
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }

    /// <summary>The text of every code span of a piece of prose (<c>`like this`</c>).</summary>
    public static IEnumerable<string> CodeSpans(string prose) => CodeSpan().Matches(prose).Select(m => m.Groups[1].Value);

    /// <summary>Prose with its code spans removed, so that nothing inside them reads as a link.</summary>
    public static string WithoutCodeSpans(string prose) => CodeSpan().Replace(prose, "");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Workbench.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}

/// <summary>A fenced code block: its language (<c>sh</c>, <c>json</c>, or empty) and its lines, without the fences.</summary>
internal sealed record CodeBlock(string Language, IReadOnlyList<string> Lines, int StartLine)
{
    /// <summary>Its lines with shell continuations (a trailing <c>\</c>) joined into one.</summary>
    public IEnumerable<string> LogicalLines()
    {
        var pending = new StringBuilder();
        foreach (var line in Lines)
        {
            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith('\\'))
            {
                pending.Append(trimmed[..^1]).Append(' ');
                continue;
            }
            pending.Append(trimmed);
            yield return pending.ToString().Trim();
            pending.Clear();
        }
        if (pending.Length > 0)
            yield return pending.ToString().Trim();
    }
}

/// <summary>One Markdown file: its lines, code blocks, prose paragraphs (with their first line) and headings.</summary>
internal sealed class MarkdownPage
{
    private MarkdownPage(string path, IReadOnlyList<string> lines) => (Path, Lines) = (path, lines);

    /// <summary>Relative to the repository root, e.g. <c>docs/quality.md</c>.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Lines { get; }

    public List<CodeBlock> CodeBlocks { get; } = [];

    /// <summary>Runs of non-blank lines outside code blocks, joined with spaces.</summary>
    public List<(int Line, string Text)> Paragraphs { get; } = [];

    public List<string> Headings { get; } = [];

    /// <summary>The headings with the line each is on.</summary>
    public List<(int Line, string Text)> HeadingLines { get; } = [];

    public static MarkdownPage Parse(string path, string text)
    {
        var page = new MarkdownPage(path, text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
        string? fence = null;
        var language = "";
        var start = 0;
        var block = new List<string>();
        var paragraph = new List<string>();
        var paragraphStart = 0;

        void EndParagraph()
        {
            if (paragraph.Count > 0)
                page.Paragraphs.Add((paragraphStart, string.Join(' ', paragraph.Select(l => l.Trim()))));
            paragraph.Clear();
        }

        for (var i = 0; i < page.Lines.Count; i++)
        {
            var line = page.Lines[i];
            var trimmed = line.TrimStart();
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.Trim().Length == fence.Length)
                {
                    page.CodeBlocks.Add(new CodeBlock(language, [.. block], start));
                    fence = null;
                    block.Clear();
                }
                else
                {
                    block.Add(line);
                }
                continue;
            }
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                EndParagraph();
                fence = new string('`', trimmed.TakeWhile(c => c == '`').Count());
                language = trimmed[fence.Length..].Trim();
                start = i + 1;
                continue;
            }
            if (trimmed.Length == 0)
            {
                EndParagraph();
                continue;
            }
            if (trimmed.StartsWith('#'))
            {
                EndParagraph();
                var level = trimmed.TakeWhile(c => c == '#').Count();
                if (level <= 6 && trimmed.Length > level && trimmed[level] == ' ')
                {
                    page.Headings.Add(trimmed[(level + 1)..].Trim());
                    page.HeadingLines.Add((i + 1, trimmed[(level + 1)..].Trim()));
                }
                continue;
            }
            if (paragraph.Count == 0)
                paragraphStart = i + 1;
            paragraph.Add(line);
        }
        EndParagraph();
        if (fence is not null)
            throw new InvalidOperationException($"{path}: the code block opened at line {start} is never closed.");
        return page;
    }

    /// <summary>The rows of every table whose header row has exactly these cells, with the line each row is on.</summary>
    public IEnumerable<(int Line, IReadOnlyList<string> Cells)> TableRows(params string[] header)
    {
        var inTable = false;
        var inCode = false;
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
                inCode = !inCode;
            if (inCode || !line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }
            var cells = Docs.Cells(line);
            if (!inTable)
            {
                inTable = cells.SequenceEqual(header, StringComparer.Ordinal);
                continue;
            }
            if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':')))
                continue;
            yield return (i + 1, cells);
        }
    }
}

using System.Text.RegularExpressions;
using Xunit;

namespace Workbench.UnitTests.Documentation;

/// <summary>Every relative link and image of README.md and docs/*.md leads somewhere: a file that exists, a heading that exists.</summary>
public sealed partial class LinkTests
{
    private sealed record Link(string Page, int Line, string Target);

    /// <summary>Links and images of a page's prose (code blocks and code spans are not links).</summary>
    private static IEnumerable<Link> Links(MarkdownPage page) =>
        page.Paragraphs.SelectMany(p => MarkdownLink().Matches(Docs.WithoutCodeSpans(p.Text))
            .Select(m => new Link(page.Path, p.Line, m.Groups[1].Value)));

    private static bool IsExternal(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with a link, or null: a missing file, or an anchor no heading of the page it names has.</summary>
    private static string? Problem(Link link)
    {
        var hash = link.Target.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? link.Target : link.Target[..hash];
        var anchor = hash < 0 ? null : link.Target[(hash + 1)..];
        var from = Path.GetDirectoryName(Path.Combine(Docs.Root, link.Page))!;
        var target = path.Length == 0 ? Path.Combine(Docs.Root, link.Page) : Path.GetFullPath(Path.Combine(from, Uri.UnescapeDataString(path)));
        if (!File.Exists(target) && !Directory.Exists(target))
            return $"{link.Page} line {link.Line}: ({link.Target}) leads to {Path.GetRelativePath(Docs.Root, target)}, which does not exist";
        if (anchor is null)
            return null;
        if (!target.EndsWith(".md", StringComparison.Ordinal))
            return $"{link.Page} line {link.Line}: ({link.Target}) has an anchor on a file that is not Markdown";
        var anchors = Docs.Anchors(Docs.Read(Path.GetRelativePath(Docs.Root, target)));
        return anchors.Contains(anchor)
            ? null
            : $"{link.Page} line {link.Line}: ({link.Target}): {Path.GetRelativePath(Docs.Root, target)} has no heading with the anchor #{anchor} " +
              $"(its anchors: {string.Join(", ", anchors.Order(StringComparer.Ordinal))})";
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_the_docs_leads_to_a_file_and_heading_that_exist()
    {
        var links = Docs.All().SelectMany(Links).Where(l => !IsExternal(l.Target)).ToList();
        Assert.Contains(links, l => l.Page == "README.md" && l.Target.StartsWith("docs/", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Target.Contains('#', StringComparison.Ordinal));

        var problems = links.Select(Problem).OfType<string>().ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_page_of_the_docs_is_linked_from_the_index()
    {
        var index = Links(Docs.Read("docs/README.md")).Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        var unlinked = Docs.Pages.Where(p => p.StartsWith("docs", StringComparison.Ordinal) && p != Path.Combine("docs", "README.md"))
            .Select(Path.GetFileName).Where(name => !index.Contains(name!)).ToList();

        Assert.True(unlinked.Count == 0, $"docs/README.md does not link to: {string.Join(", ", unlinked)}");
    }

    [Fact]
    public void Every_image_in_docs_images_is_shown_on_some_page()
    {
        var shown = Docs.All().SelectMany(Links).Select(l => Path.GetFileName(l.Target.Split('#')[0])).ToHashSet(StringComparer.Ordinal);
        var images = Directory.GetFiles(Path.Combine(Docs.DocsFolder, "images"), "*.png").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(images);

        var unused = images.Where(name => !shown.Contains(name!)).ToList();

        Assert.True(unused.Count == 0, $"Pictures in docs/images that no page shows: {string.Join(", ", unused)}");
    }

    [Theory]
    [InlineData("Quality preview, 1M x 1M rows", "quality-preview-1m-x-1m-rows")]
    [InlineData("Which engine previews a stored view", "which-engine-previews-a-stored-view")]
    [InlineData("HTTP and OpenLineage", "http-and-openlineage")]
    [InlineData("The `workbench` command", "the-workbench-command")]
    [InlineData("Views & Mapping", "views--mapping")]
    public void Anchors_follow_GitHub_rules(string heading, string anchor) =>
        Assert.Equal(anchor, Docs.Anchor(heading));

    /// <summary><c>[text](target)</c> and <c>![alt](target)</c>, with an optional title after the target.</summary>
    [GeneratedRegex("""!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)""")]
    private static partial Regex MarkdownLink();
}

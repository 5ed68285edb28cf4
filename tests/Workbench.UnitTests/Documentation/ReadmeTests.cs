using Xunit;

namespace Workbench.UnitTests.Documentation;

/// <summary>The README stays a five-minute read that starts with the two commands CI and newcomers run.</summary>
public sealed class ReadmeTests
{
    private static readonly string[] Commands =
    [
        "bash scripts/run.sh     # set up and run the workbench with its demo: http://127.0.0.1:5000",
        "bash scripts/test.sh    # set up and run the whole test suite (unit, PostgreSQL, Chromium)",
    ];

    [Fact]
    public void The_readme_is_under_150_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Docs.Root, "README.md")).Length;

        Assert.True(lines < 150, $"README.md has {lines} lines; move detail into docs/ and link it.");
    }

    [Fact]
    public void The_first_code_block_of_the_readme_is_the_two_commands()
    {
        var first = Docs.Read("README.md").CodeBlocks.First();

        Assert.Equal("sh", first.Language);
        Assert.Equal(Commands, first.Lines);
    }

    [Fact]
    public void The_readme_walks_the_demo_with_a_picture_for_each_step()
    {
        var readme = Docs.Read("README.md");
        var steps = readme.Paragraphs.Where(p => p.Text.Length > 2 && char.IsAsciiDigit(p.Text[0]) && p.Text[1] == '.').ToList();
        var pictures = readme.Paragraphs.Count(p => p.Text.StartsWith("![", StringComparison.Ordinal) && p.Text.Contains("images/story-", StringComparison.Ordinal));

        Assert.True(steps.Count >= 8, $"The demo story has {steps.Count} numbered steps.");
        Assert.Equal(steps.Count, pictures);
    }
}

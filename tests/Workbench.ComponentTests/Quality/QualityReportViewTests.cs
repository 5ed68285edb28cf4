using Bunit;
using Workbench.Application.Quality;
using Workbench.Engine.Quality.Model;
using Workbench.Web.Quality;
using Xunit;

namespace Workbench.ComponentTests.Quality;

public sealed class QualityReportViewTests
{
    private static readonly IssueRow[] Issues =
    [
        new("10", IssueKinds.Mismatch, "premium", "100 vs 120", "legacy+modern", new Dictionary<string, string?> { ["legacy"] = "100", ["modern"] = "120" }),
        new("11", IssueKinds.Null, "premium", null, "legacy+modern", new Dictionary<string, string?> { ["legacy"] = null, ["modern"] = "80" }),
        new("12", IssueKinds.Presence, null, null, "legacy", new Dictionary<string, string?> { ["legacy"] = "90" }),
    ];

    [Fact]
    public async Task The_filters_offer_the_sampled_values_and_narrow_the_issue_rows()
    {
        await using var ctx = TestContexts.Mud();
        ctx.RenderProviders();

        var view = ctx.Render<QualityReportView>(p => p.Add(c => c.Run, Run()).Add(c => c.Issues, Issues));

        Assert.Contains("Issue rows (3 of 3 sampled)", view.Markup);
        var filters = view.FindComponents<IssueFilter>();
        Assert.Equal(["Kind", "Field", "Presence"], filters.Select(f => f.Instance.Label));
        // Each value once, in order; a row without a field offers no empty choice.
        Assert.Equal([IssueKinds.Mismatch, IssueKinds.Null, IssueKinds.Presence], filters[0].Instance.Options.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["premium"], filters[1].Instance.Options.Distinct());

        await view.InvokeAsync(() => filters[0].Instance.ValueChanged.InvokeAsync(IssueKinds.Mismatch));
        Assert.Contains("Issue rows (1 of 3 sampled)", view.Markup);

        await view.InvokeAsync(() => filters[2].Instance.ValueChanged.InvokeAsync("legacy"));
        Assert.Contains("Issue rows (0 of 3 sampled)", view.Markup);

        // Cleared: any kind again.
        await view.InvokeAsync(() => filters[0].Instance.ValueChanged.InvokeAsync(null));
        Assert.Contains("Issue rows (1 of 3 sampled)", view.Markup);
        Assert.Contains("api/quality/runs/7/issues.csv", view.Find("[data-testid=export-csv]").GetAttribute("href"));
    }

    private static QualityRunRecord Run() => new(
        7, Guid.NewGuid(), 1, "f", QualityRunStatus.Succeeded, "streaming",
        new QualityReport
        {
            Engine = "streaming",
            Sources = ["legacy", "modern"],
            Keys = 3,
            Presence = new Dictionary<string, long> { ["legacy+modern"] = 2, ["legacy"] = 1 },
            Fields = [new FieldReport("premium", 1, 0, new Dictionary<string, long>(), 1, new Dictionary<string, SourceFieldCounts>())],
            Duplicates = new Dictionary<string, DuplicateReport>(),
            NullKeys = new Dictionary<string, long>(),
            RuleFailures = [],
            RowsScanned = new Dictionary<string, long> { ["legacy"] = 3, ["modern"] = 2 },
            IssueCounts = new Dictionary<string, long> { [IssueKinds.Mismatch] = 1, [IssueKinds.Null] = 1, [IssueKinds.Presence] = 1 },
        },
        null, 5, "sam", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
}

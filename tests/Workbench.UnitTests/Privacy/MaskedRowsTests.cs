using System.Security.Cryptography;
using Workbench.Application.Privacy;
using Workbench.Core.Mapping;
using Workbench.Core.Privacy;
using Workbench.Core.Schema;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Query;
using Xunit;

namespace Workbench.UnitTests.Privacy;

/// <summary>Which target fields of a view are personal, and issue rows, reasons and query rows as a masked user sees them.</summary>
public sealed class MaskedRowsTests
{
    private static readonly ValueMasker Masker = new(RandomNumberGenerator.GetBytes(32));

    private static readonly ViewSpec View = new("v", [new("crm.clients"), new("csv.clients")],
        [new("crm.clients", "csv.clients", [new JoinKey("email", "mail")])],
        [new("mail", FieldType.Text), new("premium", FieldType.Decimal)],
        [
            new("mail", [new(new("crm.clients", "email"), [new Workbench.Core.Mapping.Transforms.Trim()]), new(new("csv.clients", "mail"), [])]),
            new("premium", [new(new("crm.clients", "premium"), [])]),
        ],
        []);

    [Fact]
    public void A_target_field_fed_by_a_personal_field_is_personal_and_so_is_a_key_joined_on_one()
    {
        var personal = ViewPersonalFields.Of(View, (dataset, field) => dataset == "crm.clients" && field == "email");

        Assert.Equal(["_key", "mail"], personal.Order(StringComparer.Ordinal));
        Assert.Empty(ViewPersonalFields.Of(View, (_, _) => false));
    }

    [Fact]
    public void Issue_rows_mask_personal_values_and_the_key_and_keep_kinds_counts_and_equality()
    {
        var masking = FieldMasking.Masked(new HashSet<string>(["mail", FieldMasking.Key]), Masker);
        var report = Report([
            new IssueRow("ada@example.org", IssueKinds.Mismatch, "mail", "sources disagree", "crm+csv",
                new Dictionary<string, string?> { ["crm"] = "ada@example.org", ["csv"] = "ADA@example.org" }),
            new IssueRow("ada@example.org", IssueKinds.Null, "premium", "no value", "crm+csv", new Dictionary<string, string?> { ["crm"] = null }),
        ]);

        var masked = MaskedReport.Of(report, masking);

        Assert.DoesNotContain("example", masked.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("x.org", masked.ToJson(), StringComparison.Ordinal);
        Assert.Equal(report.Issues.Select(i => (i.Kind, i.Field, i.Presence)), masked.Issues.Select(i => (i.Kind, i.Field, i.Presence)));
        Assert.Equal(masked.Issues[0].Key, masked.Issues[1].Key);
        Assert.NotEqual(masked.Issues[0].Values["crm"], masked.Issues[0].Values["csv"]);
        Assert.Equal((2, 3L), (masked.Fields[0].InvalidByReason.Count, masked.Fields[0].InvalidByReason.Values.Sum()));
        Assert.Equal(report.Fields[1], masked.Fields[1]);
    }

    [Fact]
    public void A_reason_quoting_a_value_keeps_its_words_and_a_reason_with_a_bare_number_is_masked_whole()
    {
        var masking = FieldMasking.Masked(new HashSet<string>(["dob"]), Masker);

        var quoted = MaskedReport.Reason("dob", "parse date: \"1906-13-45\" matches none of yyyy-MM-dd", masking);
        var bare = MaskedReport.Reason("dob", "cast to integer: 12.5 has a fraction", masking);

        Assert.StartsWith("parse date: \"9999-99-99 #", quoted, StringComparison.Ordinal);
        Assert.EndsWith("\" matches none of yyyy-MM-dd", quoted, StringComparison.Ordinal);
        Assert.DoesNotContain("12.5", bare, StringComparison.Ordinal);
        Assert.Equal("cannot cast to Date", MaskedReport.Reason("dob", "cannot cast to Date", masking));
    }

    [Fact]
    public void Query_rows_mask_personal_columns_and_refuse_comparing_them_with_a_value()
    {
        var masking = FieldMasking.Masked(new HashSet<string>(["mail"]), Masker);
        var mask = MaskedQueryRows.For(["mail", "premium"], masking);

        var row = mask(new QueryRow("K1", ["ada@example.org", "12.50"], "crm+csv", "mismatch"));

        Assert.Equal(("K1", "12.50", "crm+csv", "mismatch"), (row.Key, row.Values[1], row.Source, row.Issues));
        Assert.StartsWith("AAA@AAAAAAA.AAA #", row.Values[0], StringComparison.Ordinal);
        Assert.NotNull(MaskedQueryRows.Refusal(new ViewQuery([new QueryFilter("mail", FilterOp.Equals, "ada@example.org")]), masking));
        Assert.NotNull(MaskedQueryRows.Refusal(new ViewQuery([], new QuerySort("mail")), masking));
        Assert.Null(MaskedQueryRows.Refusal(new ViewQuery([new QueryFilter("mail", FilterOp.IsNull)], new QuerySort("premium")), masking));
    }

    private static QualityReport Report(IReadOnlyList<IssueRow> issues) => new()
    {
        Engine = "streaming",
        Sources = ["crm", "csv"],
        Keys = 1,
        Presence = new Dictionary<string, long> { ["crm+csv"] = 1 },
        Fields =
        [
            new FieldReport("mail", 0, 3, new Dictionary<string, long> { ["map: \"ada@x.org\" is not in the value map"] = 2, ["map: \"bob@x.org\" is not in the value map"] = 1 },
                1, new Dictionary<string, SourceFieldCounts>()),
            new FieldReport("premium", 1, 1, new Dictionary<string, long> { ["cast: \"12,5\" is not a decimal number"] = 1 }, 0, new Dictionary<string, SourceFieldCounts>()),
        ],
        Duplicates = new Dictionary<string, DuplicateReport>(),
        NullKeys = new Dictionary<string, long>(),
        RuleFailures = [],
        RowsScanned = new Dictionary<string, long>(),
        IssueCounts = new Dictionary<string, long>(),
        Issues = issues,
    };
}

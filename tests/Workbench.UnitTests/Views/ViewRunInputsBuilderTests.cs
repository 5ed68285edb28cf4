using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Workbench.Engine.Views;
using Workbench.UnitTests.Mapping;
using Xunit;

namespace Workbench.UnitTests.Views;

public sealed class ViewRunInputsBuilderTests
{
    private const string L = "legacy.policies", F = "fast.policies";

    // legacy: pol_num, pol_holder, premium, eff_date, status, agent_code
    private static readonly object?[][] LegacyRows =
    [
        ["P1", " Ann ", 100m, "01/02/2020", "A", "X1"],
        ["P2", "Bob", null, "31/02/2020", "L", "X1"],
        ["P3", "Cy", 50m, "2020-03-01", "C", "X2"],
        [" P3", "Cy again", 50m, "2020-03-01", "C", "X2"],
    ];

    // fast: policyId, holderName, premiumAmount, effectiveDate, status, updatedAt
    private static readonly object?[][] FastRows =
    [
        ["P1", "Ann", 100m, "2020-02-02", "ACTIVE", null],
        ["P2", "Bob", 80m, "2020-02-29", "lapsed", null],
        ["P4", "Dee", 10m, "2020-01-01", "active", null],
    ];

    private static InMemoryDatasets Demo() => new((DemoDatasets.Legacy, LegacyRows), (DemoDatasets.Fast, FastRows));

    [Fact]
    public async Task The_demo_view_becomes_one_side_per_dataset_with_its_key_fields_and_precedence()
    {
        var inputs = await new ViewRunInputsBuilder(Demo(), Demo()).BuildAsync(DemoView.Build(DemoDatasets.All)!);

        Assert.Equal([L, F], inputs.Definition.Sides.Select(s => s.Name));
        Assert.Equal([["pol_num"], ["policyId"]], inputs.Datasets.Select(d => d.KeyFields));
        Assert.Equal([DemoDatasets.Legacy.Id, DemoDatasets.Fast.Id], inputs.Datasets.Select(d => d.DatasetId));
        Assert.Equal(["policy_id", "holder_name", "premium_amount", "effective_date", "status"], inputs.Datasets[0].TargetFields);
        Assert.Equal([F, L], inputs.Definition.Fields.Single(f => f.Name == "premium_amount").Precedence);
        Assert.Equal([L, F], inputs.Definition.Fields.Single(f => f.Name == "policy_id").Precedence);
        Assert.Equal([RuleKind.NotNull, RuleKind.Unique], inputs.Definition.Rules.Select(r => r.Kind));
        Assert.Equal([F, L], inputs.SourceFingerprints.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rows_are_read_lazily_with_only_the_fields_the_view_needs()
    {
        var demo = Demo();
        var inputs = await new ViewRunInputsBuilder(demo, demo).BuildAsync(DemoView.Build(DemoDatasets.All)!);
        Assert.Empty(demo.Reads);

        await StreamingQualityEngine.RunAsync(inputs.Definition, inputs.Sides);

        Assert.Equal(["pol_num", "pol_holder", "premium", "eff_date", "status"], demo.Reads.Single(r => r.DatasetId == DemoDatasets.Legacy.Id).Request.Fields!);
        Assert.DoesNotContain("updatedAt", demo.Reads.Single(r => r.DatasetId == DemoDatasets.Fast.Id).Request.Fields!);
    }

    [Fact]
    public async Task The_report_counts_presence_transform_failures_and_disagreements_through_the_mapping()
    {
        var demo = Demo();
        var inputs = await new ViewRunInputsBuilder(demo, demo).BuildAsync(DemoView.Build(DemoDatasets.All)!);

        var report = await StreamingQualityEngine.RunAsync(inputs.Definition, inputs.Sides);

        Assert.Equal(2, report.Presence[$"{L}+{F}"]);
        Assert.Equal(1, report.Presence[L]);
        Assert.Equal(1, report.Presence[F]);
        Assert.Equal(new DuplicateReport(1, 1), report.Duplicates[L]);
        var dates = report.Fields.Single(f => f.Name == "effective_date");
        Assert.Equal(1, dates.BySource[L].Invalid);
        var reason = Assert.Single(dates.InvalidByReason).Key;
        Assert.StartsWith("parse date", reason);
        Assert.DoesNotContain("31/02/2020", reason);
        Assert.Contains(report.Issues, i => i.Kind == IssueKinds.Invalid && i.Key == "P2" && i.Values[L]!.StartsWith("31/02/2020 (", StringComparison.Ordinal));
        // P1: 01/02/2020 is 2 January in legacy (month first), FAST says 2 February. Holder " Ann " is trimmed before comparing; status "A" becomes "active" on one side, "ACTIVE" lower-cased on the other.
        Assert.Equal(0, report.Fields.Single(f => f.Name == "holder_name").Mismatches);
        Assert.Equal(0, report.Fields.Single(f => f.Name == "status").Mismatches);
        Assert.Equal(1, report.Fields.Single(f => f.Name == "premium_amount").BySource[L].Nulls);
        Assert.Equal(1, report.Fields.Single(f => f.Name == "effective_date").Mismatches);
    }

    [Fact]
    public async Task Three_datasets_on_one_composite_key_in_any_pair_order_are_accepted()
    {
        var a = Dataset("src", "a", "id", "region", "v");
        var b = Dataset("src", "b", "code", "area", "v");
        var c = Dataset("src", "c", "ref", "zone", "v");
        var spec = View([a, b, c],
        [
            new("src.a", "src.b", [new JoinKey("id", "code"), new JoinKey("region", "area")]),
            new("src.c", "src.b", [new JoinKey("zone", "area"), new JoinKey("ref", "code")]),
        ]);
        var data = new InMemoryDatasets((a, []), (b, []), (c, []));

        var inputs = await new ViewRunInputsBuilder(data, data).BuildAsync(spec);

        Assert.Equal([["id", "region"], ["code", "area"], ["ref", "zone"]], inputs.Datasets.Select(d => d.KeyFields));
    }

    [Fact]
    public async Task Datasets_joined_on_different_keys_are_refused_naming_the_relationship()
    {
        var a = Dataset("src", "a", "id", "email", "v");
        var b = Dataset("src", "b", "id", "mail", "v");
        var c = Dataset("src", "c", "id", "mail", "v");
        var spec = View([a, b, c],
        [
            new("src.a", "src.b", [new JoinKey("id", "id")]),
            new("src.b", "src.c", [new JoinKey("mail", "mail")]),
        ]);
        var data = new InMemoryDatasets((a, []), (b, []), (c, []));

        var error = await Assert.ThrowsAsync<ViewRunException>(() => new ViewRunInputsBuilder(data, data).BuildAsync(spec));

        Assert.Contains("src.b - src.c (mail = mail)", error.Message);
        Assert.Contains("joins 'src.b' on mail, but other relationships join it on id", error.Message);
    }

    [Fact]
    public async Task A_dataset_missing_from_the_catalog_is_named()
    {
        var onlyLegacy = new InMemoryDatasets((DemoDatasets.Legacy, LegacyRows));

        var error = await Assert.ThrowsAsync<ViewRunException>(() =>
            new ViewRunInputsBuilder(onlyLegacy, onlyLegacy).BuildAsync(DemoView.Build(DemoDatasets.All)!));

        Assert.StartsWith("The dataset 'fast.policies' is not in the catalog", error.Message);
    }

    [Theory]
    [InlineData("no relationship", "there is no join key")]
    [InlineData("unjoined dataset", "'src.c' is not joined to the other datasets")]
    [InlineData("required unmapped", "The required target field 'must' is not mapped")]
    [InlineData("unknown rule", "The rule 'looks_nice' on 'v' is not a kind the preview knows")]
    [InlineData("bad range", "needs its argument as 'min,max'")]
    [InlineData("gone field", "'src.a.v', mapped to 'v', no longer exists in 'src.a'")]
    public async Task A_view_that_cannot_run_says_why(string problem, string message)
    {
        var a = Dataset("src", "a", "id", "v");
        var b = Dataset("src", "b", "id", "v");
        var c = Dataset("src", "c", "id", "v");
        var spec = View([a, b], [new("src.a", "src.b", [new JoinKey("id", "id")])]);
        spec = problem switch
        {
            "no relationship" => spec with { Relationships = [] },
            "unjoined dataset" => spec with { Datasets = [.. spec.Datasets, new ViewDataset("src.c")] },
            "required unmapped" => spec with { Target = [.. spec.Target, new("must", FieldType.Text, Required: true)] },
            "unknown rule" => spec with { Rules = [new RuleSpec("v", "looks_nice")] },
            "bad range" => spec with { Rules = [new RuleSpec("v", "between", "ten")] },
            _ => spec,
        };
        if (problem == "gone field")
            a = a with { Fields = [new("id", FieldType.Text)] };
        var data = new InMemoryDatasets((a, []), (b, []), (c, []));

        var error = await Assert.ThrowsAsync<ViewRunException>(() => new ViewRunInputsBuilder(data, data).BuildAsync(spec));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Rule_kinds_and_arguments_read_in_either_spelling()
    {
        Assert.Equal(new QualityRule("v", RuleKind.Between, Min: 0, Max: 100.5m), ViewRules.ToQualityRule(new RuleSpec("v", "between", "0, 100.5")) with { });
        Assert.Equal(["A", "L"], ViewRules.ToQualityRule(new RuleSpec("v", "inSet", "A,L")).Values);
        Assert.Equal(["dd/MM/yyyy"], ViewRules.ToQualityRule(new RuleSpec("v", "valid_date", "dd/MM/yyyy")).Formats);
        Assert.Equal(RuleKind.LengthBetween, ViewRules.ToQualityRule(new RuleSpec("v", "length_between", "1,5")).Kind);
        Assert.Throws<ViewRunException>(() => ViewRules.ToQualityRule(new RuleSpec("v", "valid_date", "dd-MMM")));
    }

    [Fact]
    public async Task The_fingerprint_changes_with_the_dataset_schema_and_not_otherwise()
    {
        async Task<string> FingerprintAsync(DatasetDescriptor legacy)
        {
            var data = new InMemoryDatasets((legacy, []), (DemoDatasets.Fast, []));
            return (await new ViewRunInputsBuilder(data, data).BuildAsync(DemoView.Build(DemoDatasets.All)!)).SourceFingerprints[L];
        }

        var before = await FingerprintAsync(DemoDatasets.Legacy);
        Assert.Equal(before, await FingerprintAsync(DemoDatasets.Legacy));
        var retyped = DemoDatasets.Legacy with { Fields = [.. DemoDatasets.Legacy.Fields.Select(f => f.Name == "premium" ? f with { Type = FieldType.Text } : f)] };
        Assert.NotEqual(before, await FingerprintAsync(retyped));
    }

    private static DatasetDescriptor Dataset(string source, string name, params string[] fields) =>
        new(Guid.NewGuid(), Guid.NewGuid(), source, name, fields.Select(f => new FieldSchema(f, FieldType.Text)).ToList());

    /// <summary>The datasets, the relationships, and one target field "v" fed by every dataset's "v" in view order.</summary>
    private static ViewSpec View(IReadOnlyList<DatasetDescriptor> datasets, IReadOnlyList<Relationship> relationships) => new(
        "test",
        datasets.Select(d => new ViewDataset(d.QualifiedName)).ToList(),
        relationships,
        [new("v", FieldType.Text)],
        [new MappingEntry("v", datasets.Select(d => new MappingSource(new FieldRef(d.QualifiedName, "v"), [])).ToList())],
        []);
}

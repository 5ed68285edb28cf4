using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Xunit;

namespace Workbench.UnitTests.Mapping;

public sealed class ViewModelTests
{
    private static readonly FieldRef PolNum = new("legacy.policies", "pol_num");
    private static readonly FieldRef PolicyId = new("fast.policies", "policyId");
    private static readonly FieldRef FastPremium = new("fast.policies", "premiumAmount");
    private static readonly FieldRef LegacyPremium = new("legacy.policies", "premium");

    private static ViewSpec Seeded()
    {
        var spec = DemoDatasets.View();
        spec = MappingEdits.Connect(spec, PolNum, "policy_id");
        spec = MappingEdits.Connect(spec, PolicyId, "policy_id");
        spec = MappingEdits.Connect(spec, FastPremium, "premium_amount");
        return MappingEdits.Connect(spec, LegacyPremium, "premium_amount");
    }

    [Fact]
    public void The_first_non_null_source_in_precedence_order_wins()
    {
        var entry = Seeded().MappingFor("premium_amount")!;
        var row = new Dictionary<FieldRef, object?> { [FastPremium] = null, [LegacyPremium] = 120.5m };

        var value = MappingEvaluator.Evaluate(entry, f => row.GetValueOrDefault(f));
        Assert.Equal(120.5m, value.Value);
        Assert.Equal(LegacyPremium, value.From);

        row[FastPremium] = 99m;
        Assert.Equal(FastPremium, MappingEvaluator.Evaluate(entry, f => row.GetValueOrDefault(f)).From);
    }

    [Fact]
    public void A_failing_source_is_recorded_and_the_next_one_is_tried()
    {
        var spec = MappingEdits.ReplaceSource(Seeded(), "premium_amount", new MappingSource(FastPremium, [new Cast(FieldType.Decimal)]));
        var row = new Dictionary<FieldRef, object?> { [FastPremium] = "n/a", [LegacyPremium] = 10m };

        var value = MappingEvaluator.Evaluate(spec.MappingFor("premium_amount")!, f => row.GetValueOrDefault(f));
        Assert.Equal(10m, value.Value);
        Assert.Single(value.Failures);
    }

    [Fact]
    public void Preview_counts_failures_and_nulls_without_stopping()
    {
        var source = new MappingSource(new FieldRef("legacy.policies", "eff_date"), [new ParseDate(["yyyy-MM-dd", "dd/MM/yyyy"])]);
        IReadOnlyDictionary<string, object?>[] rows =
        [
            new Dictionary<string, object?> { ["eff_date"] = "2023-01-31" },
            new Dictionary<string, object?> { ["eff_date"] = "31/01/2023" },
            new Dictionary<string, object?> { ["eff_date"] = "2023-02-30" },
            new Dictionary<string, object?> { ["eff_date"] = "garbage" },
            new Dictionary<string, object?> { ["eff_date"] = null },
        ];

        var preview = TransformPreview.Of(source, rows);
        Assert.Equal(5, preview.Rows.Count);
        Assert.Equal(2, preview.Failed);
        Assert.Equal(1, preview.Nulls);
        Assert.Equal("\"31/01/2023\"", preview.Rows[1].Before);
        Assert.Equal("2023-01-31", preview.Rows[1].After);
        Assert.Equal("failed", preview.Rows[3].After);
        Assert.Equal(2, preview.Reasons.Count);
    }

    [Fact]
    public void Edits_keep_precedence_and_undo_redo_walks_back_and_forth()
    {
        var history = new EditHistory(DemoDatasets.View());
        history.Apply(MappingEdits.Connect(history.Current, PolNum, "policy_id"));
        history.Apply(MappingEdits.Connect(history.Current, PolicyId, "policy_id"));
        Assert.Equal([PolNum, PolicyId], history.Current.MappingFor("policy_id")!.Sources.Select(s => s.Field));

        history.Apply(MappingEdits.Move(history.Current, PolicyId, "policy_id", -1));
        Assert.Equal([PolicyId, PolNum], history.Current.MappingFor("policy_id")!.Sources.Select(s => s.Field));

        history.Undo();
        Assert.Equal(PolNum, history.Current.MappingFor("policy_id")!.Sources[0].Field);
        history.Undo();
        history.Undo();
        Assert.Null(history.Current.MappingFor("policy_id"));
        Assert.False(history.CanUndo);
        history.Redo();
        Assert.Single(history.Current.MappingFor("policy_id")!.Sources);

        history.Apply(MappingEdits.Disconnect(history.Current, PolNum, "policy_id"));
        Assert.Null(history.Current.MappingFor("policy_id"));
        Assert.False(history.CanRedo);
    }

    [Fact]
    public void Connecting_twice_changes_nothing()
    {
        var once = MappingEdits.Connect(DemoDatasets.View(), PolNum, "policy_id");
        Assert.Same(once, MappingEdits.Connect(once, PolNum, "policy_id"));
    }

    [Fact]
    public void Validation_finds_unmapped_required_fields_type_mismatches_and_join_key_types()
    {
        var spec = DemoDatasets.View() with
        {
            Relationships = [new("legacy.policies", "fast.policies", [new JoinKey("premium", "policyId")])],
        };
        spec = MappingEdits.Connect(spec, new FieldRef("legacy.policies", "eff_date"), "effective_date");

        var issues = ViewValidator.Validate(spec, DemoDatasets.All);
        Assert.Contains(issues, i => i.Message == "Required target field policy_id is not mapped.");
        Assert.Contains(issues, i => i.Target == "effective_date" && i.Message.Contains("add a cast or parse"));
        Assert.Contains(issues, i => i.Message.Contains("the types differ"));

        var fixedSpec = MappingEdits.ReplaceSource(spec, "effective_date",
            new MappingSource(new FieldRef("legacy.policies", "eff_date"), [new ParseDate(["yyyy-MM-dd"])]));
        Assert.DoesNotContain(ViewValidator.Validate(fixedSpec, DemoDatasets.All), i => i.Target == "effective_date");
    }

    [Fact]
    public void Validation_flags_missing_datasets_and_fields()
    {
        var spec = MappingEdits.Connect(DemoDatasets.View() with { Datasets = [new("legacy.policies"), new("gone.table")] },
            new FieldRef("legacy.policies", "nope"), "status");
        var issues = ViewValidator.Validate(spec, DemoDatasets.All);
        Assert.Contains(issues, i => i.Message.Contains("gone.table is not in the catalog"));
        Assert.Contains(issues, i => i.Message.Contains("legacy.policies.nope feeding status does not exist"));
    }

    [Fact]
    public void The_json_spec_round_trips_every_transform()
    {
        var spec = Seeded();
        spec = MappingEdits.ReplaceSource(spec, "policy_id", new MappingSource(PolNum,
        [
            new Trim(), new ChangeCase(LetterCase.Upper), new Cast(FieldType.Text), new ParseDate(["dd/MM/yyyy"], true),
            new ParseNumber("de-DE"), new DefaultWhenNull("x"), new ValueMap(new Dictionary<string, string?> { ["A"] = "active" }, UnmappedValue.Fail),
            new Concat([PolicyId], "-"), new RegexExtract(@"(\d+)", 1),
        ]));
        spec = spec with { Rules = [new RuleSpec("policy_id", "not_null")] };

        var json = ViewSpecJson.Serialize(spec);
        var back = ViewSpecJson.Deserialize(json);

        Assert.Contains("\"format\": \"workbench.view/1\"", json);
        Assert.Contains("\"kind\": \"parseDate\"", json);
        Assert.Contains("\"fullOuter\"", json);
        Assert.Equal(json, ViewSpecJson.Serialize(back));
        Assert.Equal(["No change."], ViewDiff.Between(spec, back));
    }

    [Theory]
    [InlineData("{}", "format")]
    [InlineData("{\"format\":\"other/1\",\"view\":{\"name\":\"x\"}}", "format")]
    [InlineData("{\"format\":\"workbench.view/1\",\"view\":{\"name\":\"\"}}", "no name")]
    [InlineData("not json", "cannot be read")]
    [InlineData("{\"format\":\"workbench.view/1\",\"view\":{\"name\":\"x\",\"mappings\":[{\"target\":\"a\",\"sources\":[{\"field\":{\"dataset\":\"d\",\"field\":\"f\"},\"transforms\":[{\"kind\":\"explode\"}]}]}]}}", "cannot be read")]
    public void A_bad_document_is_refused_with_a_reason(string json, string reason)
    {
        Assert.False(ViewSpecJson.TryDeserialize(json, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_minimal_hand_written_spec_reads_with_empty_lists()
    {
        var spec = ViewSpecJson.Deserialize("{\"format\":\"workbench.view/1\",\"view\":{\"name\":\"x\",\"mappings\":[{\"target\":\"a\",\"sources\":[{\"field\":{\"dataset\":\"d\",\"field\":\"f\"}}]}]}}");
        Assert.Empty(spec.Datasets);
        Assert.Empty(spec.Mappings[0].Sources[0].Transforms);
    }

    [Fact]
    public void The_diff_names_what_changed()
    {
        var before = Seeded();
        var after = MappingEdits.Move(before, LegacyPremium, "premium_amount", -1) with
        {
            Target = [.. before.Target, new TargetField("agent", FieldType.Text)],
        };

        var diff = ViewDiff.Between(before, after);
        Assert.Contains("Target field agent added: agent text.", diff);
        Assert.Contains("Mapping of premium_amount changed: fast.policies.premiumAmount, else legacy.policies.premium -> legacy.policies.premium, else fast.policies.premiumAmount.", diff);
        Assert.Equal(["First version."], ViewDiff.Between(null, after));
    }
}

using System.Text.Json;
using Workbench.Core.Lineage.OpenLineage;
using Xunit;

namespace Workbench.UnitTests.Lineage;

public sealed class RunEventValidatorTests
{
    private static IReadOnlyList<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RunEventValidator.Validate(document.RootElement);
    }

    private static string Event(string outputFacets = "", string eventTime = "2026-11-20T10:15:00.123+01:00") => $$"""
        {
          "eventType": "COMPLETE", "eventTime": "{{eventTime}}",
          "run": { "runId": "3f0e8c1e-7b0a-4a55-9d8e-0c6f3c2f4a11", "facets": {} },
          "job": { "namespace": "airflow", "name": "nightly" },
          "inputs": [ { "namespace": "pg://a", "name": "a.b" } ],
          "outputs": [ { "namespace": "pg://c", "name": "c.d"{{outputFacets}} } ],
          "producer": "https://airflow.example/", "schemaURL": "{{OpenLineageSpec.RunEventSchema}}"
        }
        """;

    [Fact]
    public void A_complete_event_with_column_lineage_is_valid()
    {
        var facets = $$"""
            , "facets": { "columnLineage": { "_producer": "https://x.example/", "_schemaURL": "{{OpenLineageSpec.ColumnLineageSchema}}",
              "fields": { "total": { "inputFields": [ { "namespace": "pg://a", "name": "a.b", "field": "amount",
                "transformations": [ { "type": "DIRECT", "subtype": "AGGREGATION", "masking": false } ] } ] } } } }
            """;

        Assert.Empty(Validate(Event(facets)));
    }

    [Fact]
    public void An_event_that_is_not_an_object_is_refused() =>
        Assert.Equal(["$: a run event must be a JSON object"], Validate("[1, 2]"));

    [Theory]
    [InlineData("2026-11-20 10:15")]
    [InlineData("2026-11-20T10:15:00")]
    [InlineData("tomorrow")]
    public void An_event_time_without_an_offset_is_refused(string eventTime) =>
        Assert.Equal(["$.eventTime: must be an RFC 3339 date-time with an offset"], Validate(Event(eventTime: eventTime)));

    [Fact]
    public void Every_missing_required_field_is_named_by_its_path() =>
        Assert.Equal(
            ["$.eventTime: required", "$.producer: required", "$.schemaURL: required", "$.eventType: required", "$.run: required", "$.job: required"],
            Validate("{}"));

    [Fact]
    public void Column_lineage_needs_input_fields_with_namespace_name_field_and_a_known_transformation_type()
    {
        var facets = """
            , "facets": { "columnLineage": { "_producer": "https://x.example/", "_schemaURL": "not a uri",
              "fields": { "total": { }, "net": { "inputFields": [ { "namespace": "pg://a", "name": "a.b",
                "transformations": [ { "type": "COPY" }, { "type": "DIRECT", "masking": "no" } ] } ] } } } }
            """;

        Assert.Equal(
            [
                "$.outputs[0].facets.columnLineage._schemaURL: must be an absolute URI",
                "$.outputs[0].facets.columnLineage.fields.total.inputFields: required, must be an array",
                "$.outputs[0].facets.columnLineage.fields.net.inputFields[0].field: required",
                "$.outputs[0].facets.columnLineage.fields.net.inputFields[0].transformations[0].type: 'COPY' is not DIRECT or INDIRECT",
                "$.outputs[0].facets.columnLineage.fields.net.inputFields[0].transformations[1].masking: must be a boolean",
            ],
            Validate(Event(facets)));
    }

    [Fact]
    public void Events_the_workbench_writes_read_back_as_valid()
    {
        var runEvent = new RunEvent(
            "FAIL", DateTimeOffset.UtcNow, new RunInfo(Guid.NewGuid(), new RunFacets(new ErrorMessageFacet(OpenLineageSpec.Producer, OpenLineageSpec.ErrorMessageSchema, "boom", "C#"))),
            new JobInfo("workbench.jobs", "materialize"), [new DatasetInfo("workbench", "legacy.policies")],
            [new DatasetInfo("pg://t", "public.policy", new DatasetFacets(new ColumnLineageFacet(OpenLineageSpec.Producer, OpenLineageSpec.ColumnLineageSchema,
                new Dictionary<string, ColumnLineageField> { ["policy_id"] = new([new InputField("workbench", "legacy.policies", "pol_num", [new Transformation("DIRECT", "TRANSFORMATION", "trim")])]) })))],
            OpenLineageSpec.Producer, OpenLineageSpec.RunEventSchema);

        using var document = JsonDocument.Parse(runEvent.ToJson());

        Assert.Empty(RunEventValidator.Validate(document.RootElement));
        Assert.Equal("pol_num", document.RootElement.GetProperty("outputs")[0].GetProperty("facets").GetProperty("columnLineage")
            .GetProperty("fields").GetProperty("policy_id").GetProperty("inputFields")[0].GetProperty("field").GetString());
        Assert.Equal("boom", document.RootElement.GetProperty("run").GetProperty("facets").GetProperty("errorMessage").GetProperty("message").GetString());
    }
}

using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.UnitTests.Mapping;

/// <summary>The seed scenario's datasets as the catalog describes them, and the view built on them.</summary>
internal static class DemoDatasets
{
    public static readonly DatasetDescriptor Legacy = new(Guid.NewGuid(), Guid.NewGuid(), "legacy", "policies",
    [
        new("pol_num", FieldType.Text, false), new("pol_holder", FieldType.Text), new("premium", FieldType.Decimal),
        new("eff_date", FieldType.Text), new("status", FieldType.Text), new("agent_code", FieldType.Text),
    ]);

    public static readonly DatasetDescriptor Fast = new(Guid.NewGuid(), Guid.NewGuid(), "fast", "policies",
    [
        new("policyId", FieldType.Text, false), new("holderName", FieldType.Text), new("premiumAmount", FieldType.Decimal),
        new("effectiveDate", FieldType.Date), new("status", FieldType.Text), new("updatedAt", FieldType.Timestamp),
    ]);

    public static readonly IReadOnlyList<DatasetDescriptor> All = [Legacy, Fast];

    public static readonly IReadOnlyList<TargetField> Target =
    [
        new("policy_id", FieldType.Text, Required: true), new("holder_name", FieldType.Text),
        new("premium_amount", FieldType.Decimal), new("effective_date", FieldType.Date), new("status", FieldType.Text),
    ];

    public static ViewSpec View() => new(
        "Policy migration",
        [new(Legacy.QualifiedName), new(Fast.QualifiedName)],
        [new(Legacy.QualifiedName, Fast.QualifiedName, [new JoinKey("pol_num", "policyId")])],
        Target,
        [],
        []);
}

using Workbench.Core.Mapping;
using Xunit;

namespace Workbench.UnitTests.Mapping;

public sealed class DemoViewTests
{
    [Fact]
    public void The_demo_view_joins_legacy_and_fast_with_the_precedence_example()
    {
        var spec = DemoView.Build(DemoDatasets.All)!;

        var join = Assert.Single(spec.Relationships);
        Assert.Equal((JoinKind.FullOuter, "pol_num", "policyId"), (join.Kind, join.Keys[0].LeftField, join.Keys[0].RightField));
        Assert.Equal(["legacy.policies.pol_num", "fast.policies.policyId"], spec.MappingFor("policy_id")!.Sources.Select(s => s.Field.ToString()));
        Assert.Equal(["fast.policies.premiumAmount", "legacy.policies.premium"], spec.MappingFor("premium_amount")!.Sources.Select(s => s.Field.ToString()));
        Assert.DoesNotContain(ViewValidator.Validate(spec, DemoDatasets.All), i => i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public void Without_the_demo_datasets_there_is_no_demo_view() =>
        Assert.Null(DemoView.Build([DemoDatasets.Legacy]));
}

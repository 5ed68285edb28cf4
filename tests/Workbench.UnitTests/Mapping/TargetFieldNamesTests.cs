using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Xunit;

namespace Workbench.UnitTests.Mapping;

/// <summary>Target field names are compared ignoring case wherever fields are added, imported or checked.</summary>
public sealed class TargetFieldNamesTests
{
    private static readonly TargetField Premium = new("premium", FieldType.Decimal);

    [Fact]
    public void Importing_fields_that_clash_ignoring_case_imports_nothing_and_names_them()
    {
        var outcome = TargetFieldImport.Merge([Premium], [new("Holder", FieldType.Text), new("holder", FieldType.Text)], "crm.policies");

        Assert.Equal([Premium], outcome.Target);
        Assert.Equal("Nothing imported from crm.policies: Target fields Holder and holder differ only in case; each target field needs a name of its own, ignoring case.",
            outcome.Message);
    }

    [Fact]
    public void An_imported_field_present_in_another_case_is_kept_once()
    {
        var outcome = TargetFieldImport.Merge([Premium], [new("PREMIUM", FieldType.Text), new("holder", FieldType.Text)], "crm.policies");

        Assert.Equal(["premium", "holder"], outcome.Target.Select(t => t.Name));
        Assert.Equal("1 field(s) added from crm.policies; fields already present were kept.", outcome.Message);
    }

    [Fact]
    public void The_validator_names_target_fields_that_differ_only_in_case()
    {
        var spec = ViewSpec.Empty("Clash") with { Target = [Premium, new("Premium", FieldType.Decimal)] };

        var issue = Assert.Single(ViewValidator.Validate(spec, []), i => i.Target is not null);

        Assert.Equal((IssueSeverity.Error, "premium"), (issue.Severity, issue.Target));
        Assert.StartsWith("Target fields premium and Premium differ only in case", issue.Message);
    }
}

using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Core.Mapping;

/// <summary>
/// The seed scenario's view, "Policy migration": legacy policies and FAST policies, full outer join on the policy
/// id, with precedence (policy_id from legacy.pol_num then fast.policyId; premium_amount from FAST, else legacy).
/// Built from whatever the catalog holds: only fields that exist are mapped.
/// </summary>
public static class DemoView
{
    public const string Name = "Policy migration";

    public static ViewSpec? Build(IReadOnlyList<DatasetDescriptor> datasets)
    {
        var legacy = datasets.FirstOrDefault(d => Has(d, "pol_num"));
        var fast = datasets.FirstOrDefault(d => Has(d, "policyId"));
        if (legacy is null || fast is null)
            return null;
        string l = legacy.QualifiedName, f = fast.QualifiedName;
        var spec = new ViewSpec(Name, [new(l), new(f)], [new(l, f, [new JoinKey("pol_num", "policyId")])],
        [
            new("policy_id", FieldType.Text, true, "Policy number, trimmed"),
            new("holder_name", FieldType.Text, false, "Policy holder"),
            new("premium_amount", FieldType.Decimal, false, "Yearly premium"),
            new("effective_date", FieldType.Date, false, "Start of cover"),
            new("status", FieldType.Text, false, "active / lapsed / cancelled"),
        ], [], [new RuleSpec("policy_id", "not_null"), new RuleSpec("policy_id", "unique")],
            "Legacy policies and the FAST platform, joined on the policy number.");

        // The legacy system writes slashes month first (MM/dd/yyyy); a dd/MM/yyyy format before it would read 03/04 as 3 April.
        var dateFormats = new ParseDate(["yyyy-MM-dd", "dd.MM.yyyy", "MM/dd/yyyy", "yyyyMMdd"]);
        var statusCodes = new ValueMap(new Dictionary<string, string?>
        {
            ["A"] = "active", ["L"] = "lapsed", ["C"] = "cancelled", ["ACTIVE"] = "active", ["LAPSED"] = "lapsed", ["CANCELLED"] = "cancelled",
        });
        (string Target, DatasetDescriptor Dataset, string Field, Transform[] Transforms)[] links =
        [
            ("policy_id", legacy, "pol_num", [new Trim()]), ("policy_id", fast, "policyId", []),
            ("holder_name", fast, "holderName", []), ("holder_name", legacy, "pol_holder", [new Trim()]),
            ("premium_amount", fast, "premiumAmount", []), ("premium_amount", legacy, "premium", [new Cast(FieldType.Decimal)]),
            ("effective_date", fast, "effectiveDate", [new Cast(FieldType.Date)]), ("effective_date", legacy, "eff_date", [new Trim(), dateFormats]),
            ("status", fast, "status", [new ChangeCase(LetterCase.Lower)]), ("status", legacy, "status", [new Trim(), new ChangeCase(LetterCase.Upper), statusCodes]),
        ];
        foreach (var (target, dataset, field, transforms) in links.Where(x => Has(x.Dataset, x.Field)))
        {
            var source = new FieldRef(dataset.QualifiedName, field);
            spec = MappingEdits.Connect(spec, source, target);
            spec = MappingEdits.ReplaceSource(spec, target, new MappingSource(source, transforms));
        }
        return spec;
    }

    private static bool Has(DatasetDescriptor dataset, string field) => dataset.Fields.Any(x => x.Name == field);
}

using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Suggestions;
using Xunit;

namespace Workbench.UnitTests.Mapping;

public sealed class SuggestionTests
{
    [Theory]
    [InlineData("pol_num", new[] { "policy", "id" })]
    [InlineData("policyId", new[] { "policy", "id" })]
    [InlineData("POLICY_NO", new[] { "policy", "id" })]
    [InlineData("eff_date", new[] { "effective", "date" })]
    [InlineData("XMLFile2", new[] { "xml", "file", "2" })]
    public void Names_split_into_normalised_words(string name, string[] expected) =>
        Assert.Equal(expected, NameTokens.Of(name));

    [Theory]
    [InlineData("legacy.policies", "pol_num", "policy_id")]
    [InlineData("legacy.policies", "pol_holder", "holder_name")]
    [InlineData("legacy.policies", "premium", "premium_amount")]
    [InlineData("legacy.policies", "eff_date", "effective_date")]
    [InlineData("legacy.policies", "status", "status")]
    [InlineData("fast.policies", "policyId", "policy_id")]
    [InlineData("fast.policies", "holderName", "holder_name")]
    [InlineData("fast.policies", "premiumAmount", "premium_amount")]
    [InlineData("fast.policies", "effectiveDate", "effective_date")]
    [InlineData("fast.policies", "status", "status")]
    public void The_obvious_demo_pairs_are_suggested_with_high_confidence(string dataset, string source, string target)
    {
        var suggestions = MappingSuggester.Suggest(DemoDatasets.View(), DemoDatasets.All);

        var found = Assert.Single(suggestions, s => s.Target == target && s.Source.Dataset == dataset);
        Assert.Equal(source, found.Source.Field);
        Assert.True(found.Confidence >= 0.75, $"{source} -> {target}: {found.Confidence} ({found.Reason})");
    }

    [Fact]
    public void Exact_name_matches_rank_above_partial_ones()
    {
        var suggestions = MappingSuggester.Suggest(DemoDatasets.View(), DemoDatasets.All);
        var exact = suggestions.Single(s => s.Source.Field == "premiumAmount");
        var partial = suggestions.Single(s => s.Source.Field == "premium");
        Assert.True(exact.Confidence > partial.Confidence);
        Assert.Equal(1.0, exact.Confidence);
    }

    [Fact]
    public void Unrelated_fields_are_not_suggested_and_mapped_ones_not_again()
    {
        var spec = MappingEdits.Connect(DemoDatasets.View(), new FieldRef("fast.policies", "policyId"), "policy_id");
        var suggestions = MappingSuggester.Suggest(spec, DemoDatasets.All);

        Assert.DoesNotContain(suggestions, s => s.Source.Field is "agent_code" or "updatedAt");
        Assert.DoesNotContain(suggestions, s => s.Source.Field == "policyId");
        Assert.Contains(suggestions, s => s.Source.Field == "pol_num");
    }

    [Fact]
    public void An_incompatible_type_lowers_the_confidence()
    {
        var dataset = DemoDatasets.Fast with { Fields = [new("effective_date", Core.Schema.FieldType.Boolean)] };
        var spec = DemoDatasets.View() with { Datasets = [new(dataset.QualifiedName)] };
        var suggestion = Assert.Single(MappingSuggester.Suggest(spec, [dataset]));
        Assert.Equal(0.5, suggestion.Confidence);
        Assert.Contains("does not fit", suggestion.Reason);
    }

    [Theory]
    [InlineData("premium", "premum", 0.85)]
    [InlineData("prem", "premium", 0.85)]
    [InlineData("holder", "policy", 0)]
    public void Word_similarity_accepts_typos_and_abbreviations_only(string a, string b, double atLeast)
    {
        var score = NameSimilarity.WordSimilarity(a, b);
        if (atLeast == 0)
            Assert.Equal(0, score);
        else
            Assert.True(score >= atLeast, $"{a} ~ {b}: {score}");
    }
}

using Workbench.Core.Privacy;
using Xunit;
using Xunit.Abstractions;

namespace Workbench.UnitTests.Privacy;

public sealed class PersonalDataClassifierTests(ITestOutputHelper output)
{
    [Fact]
    public void On_the_test_set_the_proposals_are_precise_and_miss_little()
    {
        var proposed = PersonalDataTestSet.Cases
            .Select(c => (Case: c, Got: PersonalDataClassifier.Propose(c.Field, c.Values)?.Kind))
            .ToList();
        var right = proposed.Count(p => p.Got is not null && p.Got == p.Case.Expected);
        var offered = proposed.Count(p => p.Got is not null);
        var expected = proposed.Count(p => p.Case.Expected is not null);
        foreach (var wrong in proposed.Where(p => p.Got != p.Case.Expected))
            output.WriteLine($"{wrong.Case.Field}: expected {wrong.Case.Expected?.ToString() ?? "none"}, proposed {wrong.Got?.ToString() ?? "none"}");
        var precision = (double)right / offered;
        var recall = (double)right / expected;
        output.WriteLine($"precision {precision:P0} ({right}/{offered}), recall {recall:P0} ({right}/{expected})");

        // A wrong mark costs a confirmation click; a missed one leaves values unmasked: recall matters most.
        Assert.True(recall >= 0.95, $"recall {recall:P0}");
        Assert.True(precision >= 0.9, $"precision {precision:P0}");
    }

    [Theory]
    [InlineData("pol_holder", PersonalDataKind.Name)]
    [InlineData("holderName", PersonalDataKind.Name)]
    [InlineData("dob", PersonalDataKind.DateOfBirth)]
    public void A_proposal_says_why(string field, PersonalDataKind kind)
    {
        var proposal = PersonalDataClassifier.Propose(field, []);

        Assert.NotNull(proposal);
        Assert.Equal(kind, proposal.Kind);
        Assert.Contains(field, proposal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_propose_a_mark_only_when_most_of_them_agree()
    {
        string[] mostly = ["ada@example.org", "alan@example.com", "grace@example.net", "kate@example.org", "n/a"];
        string[] half = ["ada@example.org", "alan@example.com", "n/a", "unknown"];

        var proposal = PersonalDataClassifier.Propose("fld7", mostly);

        Assert.Equal(PersonalDataKind.Email, proposal?.Kind);
        Assert.Equal("4 of 5 sampled values look like an e-mail address", proposal?.Reason);
        Assert.Null(PersonalDataClassifier.Propose("fld7", half));
        Assert.Null(PersonalDataClassifier.Propose("fld7", [null, " ", ""]));
    }
}

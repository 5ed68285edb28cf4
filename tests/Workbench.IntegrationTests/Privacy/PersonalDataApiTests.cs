using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.IntegrationTests.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Privacy;

/// <summary>
/// Personal data through the datasets API on the real workbench: the profiler proposes marks, a user without the
/// permission never receives a marked value, a holder sees them only for a purpose, and every unmasking is audited
/// without the values.
/// </summary>
public sealed class PersonalDataApiTests(SourceApiApp fixture) : IClassFixture<SourceApiApp>
{
    private static readonly string[] PersonalValues = ["ada@example.org", "alan@example.com", "Ada Lovelace", "Alan Turing"];

    [Fact]
    public async Task Without_the_permission_proposed_marks_mask_samples_and_profiles_and_counts_stay()
    {
        var (steward, datasetId) = await CustomersAsync("pii_masked");

        var profile = await steward.PostAsync($"/api/datasets/{datasetId}/profile?mode=full", null);
        var profileText = await profile.Content.ReadAsStringAsync();
        var datasetText = await steward.GetStringAsync($"/api/datasets/{datasetId}");
        var rowsText = await steward.GetStringAsync($"/api/datasets/{datasetId}/rows");

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        foreach (var answer in new[] { profileText, datasetText, rowsText })
            foreach (var value in PersonalValues)
                Assert.DoesNotContain(value, answer, StringComparison.OrdinalIgnoreCase);
        var marks = JsonDocument.Parse(datasetText).RootElement.GetProperty("personalData").EnumerateArray()
            .ToDictionary(m => m.GetProperty("field").GetString()!, m => (m.GetProperty("kind").GetString(), m.GetProperty("state").GetString()));
        Assert.Equal(("email", "proposed"), marks["email"]);
        Assert.Equal(("name", "proposed"), marks["holder_name"]);
        Assert.False(marks.ContainsKey("premium"));
        var rows = JsonDocument.Parse(rowsText).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        // The shape stays, and equal values stay equal: rows 1 and 3 share an address.
        Assert.StartsWith("AAA@AAAAAAA.AAA #", rows[0].GetProperty("email").GetString(), StringComparison.Ordinal);
        Assert.Equal(rows[0].GetProperty("email").GetString(), rows[2].GetProperty("email").GetString());
        Assert.NotEqual(rows[0].GetProperty("email").GetString(), rows[1].GetProperty("email").GetString());
        Assert.Equal(120.5m, rows[0].GetProperty("premium").GetDecimal());
        var fields = JsonDocument.Parse(profileText).RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal((3L, 2L), (fields["email"].GetProperty("count").GetInt64(), fields["email"].GetProperty("distinctEstimate").GetInt64()));
    }

    [Fact]
    public async Task Unmasking_needs_the_permission_and_a_purpose_and_is_audited_without_the_values()
    {
        var (steward, datasetId) = await CustomersAsync("pii_unmask");
        await steward.PostAsync($"/api/datasets/{datasetId}/profile?mode=full", null);
        var holder = await TestAccounts.CreateAsync(fixture.ConnectionString, TestAccounts.UniqueName("dpo"), null, Roles.Steward, Roles.PersonalData);
        using var permitted = await WorkbenchClient.SignedInAsync(fixture.App, holder);

        var refused = await steward.GetAsync($"/api/datasets/{datasetId}/rows?unmask=QualityInvestigation");
        var unknownPurpose = await permitted.GetAsync($"/api/datasets/{datasetId}/rows?unmask=curiosity");
        var maskedByDefault = await permitted.GetStringAsync($"/api/datasets/{datasetId}/rows");
        var unmasked = await permitted.GetStringAsync($"/api/datasets/{datasetId}/rows?unmask=qualityInvestigation");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.BadRequest), (refused.StatusCode, unknownPurpose.StatusCode));
        Assert.DoesNotContain("ada@example.org", maskedByDefault, StringComparison.Ordinal);
        Assert.Contains("ada@example.org", unmasked, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace", unmasked, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var audit = (await connection.QueryAsync<(string Actor, string Outcome, string Details)>(
            "select actor, outcome, details::text from audit_event where action = 'personal-data.unmask' and entity_id = @id order by id",
            new { id = datasetId.ToString() })).ToList();
        Assert.Equal(2, audit.Count);
        Assert.Equal("denied", audit[0].Outcome);
        Assert.Equal((holder.UserName, "ok"), (audit[1].Actor, audit[1].Outcome));
        var details = JsonDocument.Parse(audit[1].Details).RootElement;
        Assert.Equal("QualityInvestigation", details.GetProperty("purpose").GetString());
        Assert.Equal(3, details.GetProperty("rows").GetInt32());
        Assert.Equal(["email", "holder_name"], details.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.All(audit, row => Assert.DoesNotContain("example", row.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_steward_clears_a_wrong_proposal_and_confirms_a_missed_field_and_the_masking_follows()
    {
        var (steward, datasetId) = await CustomersAsync("pii_decide");
        await steward.PostAsync($"/api/datasets/{datasetId}/profile?mode=full", null);

        var cleared = await steward.PutAsJsonAsync($"/api/datasets/{datasetId}/personal-data/holder_name", new { kind = (string?)null });
        var confirmed = await steward.PutAsJsonAsync($"/api/datasets/{datasetId}/personal-data/premium", new { kind = "accountNumber" });
        var wrongKind = await steward.PutAsJsonAsync($"/api/datasets/{datasetId}/personal-data/premium", new { kind = "shoe size" });
        var noField = await steward.PutAsJsonAsync($"/api/datasets/{datasetId}/personal-data/nope", new { kind = "email" });
        var rows = await steward.GetStringAsync($"/api/datasets/{datasetId}/rows");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cleared.StatusCode, confirmed.StatusCode));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (wrongKind.StatusCode, noField.StatusCode));
        Assert.Contains("Ada Lovelace", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("120.5", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.org", rows, StringComparison.Ordinal);
        // A new profile does not bring a cleared proposal back.
        await steward.PostAsync($"/api/datasets/{datasetId}/profile?mode=full", null);
        Assert.Contains("Ada Lovelace", await steward.GetStringAsync($"/api/datasets/{datasetId}/rows"), StringComparison.Ordinal);
    }

    /// <summary>A steward (without the permission) and a fresh customers table registered as a source.</summary>
    private async Task<(HttpClient Steward, Guid DatasetId)> CustomersAsync(string schema)
    {
        await fixture.ExecuteAsync($"""
            create schema {schema};
            create table {schema}.customers (id int, email text, holder_name text, premium numeric);
            insert into {schema}.customers values
              (1, 'ada@example.org', 'Ada Lovelace', 120.5), (2, 'alan@example.com', 'Alan Turing', 99), (3, 'ada@example.org', 'Ada Lovelace', 10);
            """);
        var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        var body = new { name = schema, kind = "postgres", settings = fixture.PostgresSettings(schema), secrets = new { password = fixture.Password } };
        var source = (await (await steward.PostAsJsonAsync("/api/sources", body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var dataset = Assert.Single((await steward.GetFromJsonAsync<JsonElement>($"/api/sources/{source}/datasets")).EnumerateArray());
        return (steward, dataset.GetProperty("id").GetGuid());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// The sources HTTP API's roles, secrets and refusals on the real workbench: what a caller may do, what is never sent
/// back, what is refused with a sentence, and that names of any kind are kept as data.
/// </summary>
public sealed class SourceApiTests(SourceApiApp fixture) : IClassFixture<SourceApiApp>
{
    [Fact]
    public async Task An_approver_reads_sources_but_cannot_register_one_and_the_refusal_is_audited()
    {
        var user = await TestAccounts.CreateAsync(fixture.ConnectionString, TestAccounts.UniqueName("approver"), null, Roles.Approver);
        using var approver = await WorkbenchClient.SignedInAsync(fixture.App, user);

        var refused = await approver.PostAsJsonAsync("/api/sources", new { name = "not mine", kind = "file", settings = new { path = "x.csv" } });
        var listed = await approver.GetAsync("/api/sources");
        var rows = await approver.GetAsync($"/api/datasets/{Guid.NewGuid()}/rows");
        var profile = await approver.PostAsync($"/api/datasets/{Guid.NewGuid()}/profile", null);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (rows.StatusCode, profile.StatusCode));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.DoesNotContain("not mine", await listed.Content.ReadAsStringAsync());
        var audited = await AuditRows.OfActorAsync(fixture.ConnectionString, user.UserName);
        Assert.Contains(audited, r => (r.Action, r.EntityId, r.Outcome) == ("access.denied", "POST /api/sources", "denied"));
        Assert.Equal(3, audited.Count(r => r.Action == "access.denied"));
        Assert.DoesNotContain(audited, r => r.Action is "source.create" or "dataset.read" or "dataset.profile");
    }

    [Fact]
    public async Task A_sources_password_is_never_sent_back_nor_written_to_the_audit_trail()
    {
        await fixture.ExecuteAsync("create schema secret_probe; create table secret_probe.t (a int); insert into secret_probe.t values (1);");
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        var body = new { name = "secret probe", kind = "postgres", settings = fixture.PostgresSettings("secret_probe"), secrets = new { password = fixture.Password } };
        var answers = new List<string>();
        async Task<string> KeepAsync(Task<HttpResponseMessage> call)
        {
            var text = await (await call).Content.ReadAsStringAsync();
            answers.Add(text);
            return text;
        }

        var created = JsonDocument.Parse(await KeepAsync(steward.PostAsJsonAsync("/api/sources", body))).RootElement;
        var id = created.GetProperty("id").GetGuid();
        await KeepAsync(steward.GetAsync("/api/sources"));
        await KeepAsync(steward.GetAsync($"/api/sources/{id}"));
        await KeepAsync(steward.PostAsJsonAsync("/api/sources/test", body));
        await KeepAsync(steward.PostAsync($"/api/sources/{id}/test", null));
        await KeepAsync(steward.PostAsync($"/api/sources/{id}/discover", null));
        // An edit that leaves the password out keeps it: the source still signs in.
        var edited = JsonDocument.Parse(await KeepAsync(steward.PutAsJsonAsync($"/api/sources/{id}", body with { name = "secret probe 2", secrets = new { password = "" } }))).RootElement;

        Assert.Equal(("ok", 1), (created.GetProperty("status").GetString(), created.GetProperty("datasetCount").GetInt32()));
        Assert.Equal(("secret probe 2", "ok"), (edited.GetProperty("name").GetString(), edited.GetProperty("status").GetString()));
        Assert.Equal(["password"], edited.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        Assert.All(answers, answer => Assert.DoesNotContain(fixture.Password, answer, StringComparison.Ordinal));
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "select count(*) from audit_event where position(@password in coalesce(details::text, '')) > 0", new { password = fixture.Password }));
        Assert.True(await connection.ExecuteScalarAsync<long>(
            "select count(*) from audit_event where entity_id = @id and action in ('source.create', 'source.test', 'source.discover', 'source.update')",
            new { id = id.ToString() }) >= 4);
    }

    [Fact]
    public async Task A_password_sent_among_the_settings_is_refused_with_a_sentence_and_the_refusal_audited()
    {
        var user = await TestAccounts.CreateAsync(fixture.ConnectionString, TestAccounts.UniqueName("steward"), null, Roles.Steward);
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, user);
        var settings = new Dictionary<string, string?>(fixture.PostgresSettings("public")) { ["password"] = "in-the-clear-123" };

        var refused = await steward.PostAsJsonAsync("/api/sources", new { name = "clear text", kind = "postgres", settings });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("'password' is a secret: send it in secrets, not in settings, so that it is stored encrypted and never shown again.",
            problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("in-the-clear-123", problem.ToString());
        Assert.Contains(await AuditRows.OfActorAsync(fixture.ConnectionString, user.UserName), r => (r.Action, r.Outcome) == ("source.create", "denied"));
        Assert.DoesNotContain("clear text", await steward.GetStringAsync("/api/sources"));
    }

    [Theory]
    [InlineData("""{"name":"x","kind":"oracle","settings":{}}""", "kind must be one of: postgres, rest, file, mongodb (not 'oracle').")]
    [InlineData("""{"name":"x","kind":"file","settings":{"path":"a.csv","colour":"red"}}""", "A File source has no setting 'colour'.")]
    [InlineData("""{"name":"x","kind":"file","settings":{"path":"a.csv"},"secrets":{"password":"p"}}""", "A File source has no secrets; 'password' is not one.")]
    [InlineData("""{"name":" ","kind":"file","settings":{"path":"a.csv"}}""", "Give the source a name.")]
    [InlineData("""{"name":"x","kind":"file","settings":{"path":"a.csv"},"malformedRecords":"ignore"}""", "malformedRecords must be fail or skip (not 'ignore').")]
    public async Task A_draft_the_workbench_cannot_save_is_a_problem_that_says_why(string body, string detail)
    {
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        var refused = await steward.PostAsync("/api/sources", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(detail, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_sources_and_datasets_are_404_problems()
    {
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        var missing = Guid.NewGuid();

        foreach (var response in new[]
        {
            await steward.GetAsync($"/api/sources/{missing}"),
            await steward.PostAsync($"/api/sources/{missing}/discover", null),
            await steward.DeleteAsync($"/api/sources/{missing}"),
            await steward.GetAsync($"/api/datasets/{missing}/rows"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(missing.ToString(), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Hostile_names_and_values_are_kept_as_data_and_come_back_as_encoded_JSON_strings()
    {
        const string Name = "Ro'bert\"); drop table source; -- <script>alert(1)</script> & ü";
        const string Value = "'; delete from audit_event; --<img src=x onerror=alert(2)>";
        await File.WriteAllTextAsync(Path.Combine(fixture.FilesFolder, "hostile.csv"), $"\"col \"\"q\"\" <b>\",n\n\"{Value.Replace("\"", "\"\"")}\",1\n");
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        var created = await steward.PostAsJsonAsync("/api/sources", new { name = Name, kind = "file", settings = new { path = "hostile.csv" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var listed = await steward.GetAsync("/api/sources");
        var listedText = await listed.Content.ReadAsStringAsync();
        var dataset = Assert.Single((await steward.GetFromJsonAsync<JsonElement>($"/api/sources/{id}/datasets")).EnumerateArray());
        var rowsText = await steward.GetStringAsync($"/api/datasets/{dataset.GetProperty("id").GetGuid()}/rows");

        // JSON, never to be read as a page: the quotes are escaped inside JSON strings, and the browser may not sniff it as HTML.
        Assert.Equal("application/json", listed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", listed.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains(JsonDocument.Parse(listedText).RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == Name);
        Assert.Contains("Ro'bert\\\"); drop table source;", listedText.Replace("\\u0027", "'"));
        Assert.StartsWith(Name + ".", dataset.GetProperty("qualifiedName").GetString());
        var row = Assert.Single(JsonDocument.Parse(rowsText).RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(Value, row.GetProperty("col \"q\" <b>").GetString());
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from source where name = @Name", new { Name }));
    }
}

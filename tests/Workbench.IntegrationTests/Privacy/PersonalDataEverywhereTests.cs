using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Application.Accounts;
using Workbench.Core.Jobs;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.IntegrationTests.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Privacy;

/// <summary>
/// Issue 22's promise, endpoint by endpoint on the real workbench: a steward without the personal-data permission calls
/// everything that returns values of a view over data with known personal values (dataset profile and sample, preview,
/// the run's issue rows and their CSV, query JSON and CSV, the materialization's job) and none of those values is in
/// any answer, while every count equals what a holder of the permission gets unmasked.
/// </summary>
public sealed class PersonalDataEverywhereTests(SourceApiApp fixture) : IClassFixture<SourceApiApp>
{
    /// <summary>The seeded personal values: e-mail addresses, names and birth dates, one of them impossible.</summary>
    private static readonly string[] PersonalValues =
        ["ada@example.org", "ada.l@example.org", "grace@example.net", "alan@example.com", "Ada Lovelace", "Grace Hopper", "Alan Turing", "Hedy Lamarr",
         "1815-12-10", "1906-13-45", "1912-06-23"];

    [Fact]
    public async Task A_steward_without_the_permission_receives_no_personal_value_from_any_endpoint_and_the_same_counts()
    {
        await fixture.ExecuteAsync("""
            create schema pii_everywhere;
            create table pii_everywhere.clients (client_no text, email text, full_name text, birth_date text, premium numeric);
            insert into pii_everywhere.clients values
              ('C1', 'ada@example.org', 'Ada Lovelace', '1815-12-10', 120.5),
              ('C2', 'grace@example.net', 'Grace Hopper', '1906-13-45', 99),
              ('C3', 'alan@example.com', null, '1912-06-23', 10);
            """);
        await File.WriteAllTextAsync(Path.Combine(fixture.FilesFolder, "clients_pii.csv"),
            "id,email,name,premium\nC1,ada.l@example.org,Ada Lovelace,120.5\nC2,grace@example.net,Grace Hopper,99\nC4,,Hedy Lamarr,5\n");
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Approver);
        var holderAccount = await TestAccounts.CreateAsync(fixture.ConnectionString, TestAccounts.UniqueName("dpo"), null, Roles.Steward, Roles.PersonalData);
        using var holder = await WorkbenchClient.SignedInAsync(fixture.App, holderAccount);
        var table = await DatasetAsync(steward, new { name = "pii crm", kind = "postgres", settings = fixture.PostgresSettings("pii_everywhere"), secrets = new { password = fixture.Password } });
        var file = await DatasetAsync(steward, new { name = "pii csv", kind = "file", settings = new { path = "clients_pii.csv" } });

        var answers = new List<(string What, string Body)>();
        async Task<string> Keep(string what, HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {body}");
            answers.Add((what, body));
            return body;
        }

        // The profiles propose the marks (email, full_name, birth_date, name) and answer masked.
        foreach (var dataset in new[] { table, file })
        {
            await Keep("profile", await steward.PostAsync($"/api/datasets/{dataset.Id}/profile?mode=full", null));
            await Keep("dataset", await steward.GetAsync($"/api/datasets/{dataset.Id}"));
            await Keep("rows", await steward.GetAsync($"/api/datasets/{dataset.Id}/rows"));
        }
        var viewId = (await Created(await steward.PostAsync("/api/views", Json(ClientsView(table.QualifiedName, file.QualifiedName))))).GetProperty("viewId").GetGuid();

        var preview = JsonDocument.Parse(await Keep("preview", await steward.PostAsync($"/api/views/{viewId}/preview", null))).RootElement;
        var runId = preview.GetProperty("runId").GetInt64();
        var run = JsonDocument.Parse(await Keep("run", await steward.GetAsync($"/api/quality/runs/{runId}"))).RootElement;
        await Keep("issues.csv", await steward.GetAsync($"/api/quality/runs/{runId}/issues.csv"));
        var query = JsonDocument.Parse(await Keep("query", await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { }))).RootElement;
        await Keep("query.csv", await steward.GetAsync($"/api/views/{viewId}/query.csv"));
        var job = await MaterializedAsync(steward, approver, viewId);
        answers.Add(("job", job.ToString()));

        foreach (var (what, body) in answers)
            foreach (var value in PersonalValues)
                Assert.False(body.Contains(value, StringComparison.OrdinalIgnoreCase), $"{what} shows the personal value {value}: {body}");

        // The holder, asking with a purpose, gets the values: the seeded ones did reach these answers.
        var unmaskedRun = await holder.GetStringAsync($"/api/quality/runs/{runId}?unmask=qualityInvestigation");
        Assert.Contains("ada.l@example.org", unmaskedRun, StringComparison.Ordinal);
        Assert.Contains("1906-13-45", unmaskedRun, StringComparison.Ordinal);
        Assert.Contains("ada.l@example.org", await holder.GetStringAsync($"/api/quality/runs/{runId}/issues.csv?unmask=reconciliation"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await steward.GetAsync($"/api/quality/runs/{runId}?unmask=qualityInvestigation")).StatusCode);

        // Masking changes no count: the summary, the issue rows and the query's total are the holder's.
        var unmasked = JsonDocument.Parse(unmaskedRun).RootElement;
        foreach (var figure in new[] { "keys", "presence", "issueCounts", "nullKeys", "duplicates", "rowsScanned" })
            Assert.Equal(unmasked.GetProperty(figure).ToString(), run.GetProperty(figure).ToString());
        Assert.Equal(Counts(unmasked), Counts(run));
        Assert.Equal(Counts(unmasked), Counts(preview.GetProperty("summary")));
        Assert.Equal(unmasked.GetProperty("issues").GetArrayLength(), run.GetProperty("issues").GetArrayLength());
        Assert.Equal(4, query.GetProperty("total").GetInt64());
        Assert.Equal(1, run.GetProperty("issueCounts").GetProperty("mismatch").GetInt64());
        // Equal values mask alike, so the mismatch is still told apart: C1's two e-mail addresses differ, C2's agree.
        var emails = run.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "mismatch")
            .GetProperty("values").EnumerateObject().Select(v => v.Value.GetString()!).ToList();
        Assert.Equal(2, emails.Distinct().Count());
        Assert.Contains(emails, e => e.StartsWith("AAA@AAAAAAA.AAA #", StringComparison.Ordinal));

        // Comparing a personal field with a guessed value would tell it through the count: refused while masked.
        var guess = await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { where = new[] { new { field = "email", op = "=", value = "ada@example.org" } } });
        Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        var nulls = await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { where = new[] { new { field = "holder", op = "is null" } } });
        Assert.Equal(1, (await nulls.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt64());
    }

    /// <summary>Per field: nulls, invalid and mismatches, with the invalid count of every reason (reasons masked alike).</summary>
    private static List<string> Counts(JsonElement report) =>
        report.GetProperty("fields").EnumerateArray().Select(f =>
            $"{f.GetProperty("name").GetString()} {f.GetProperty("nulls")} {f.GetProperty("invalid")} {f.GetProperty("mismatches")} " +
            string.Join(",", f.GetProperty("invalidByReason").EnumerateObject().Select(r => r.Value.GetInt64()).Order())).ToList();

    /// <summary>Clients of the CRM table and the CSV export, joined on the client number (not personal).</summary>
    private static ViewSpec ClientsView(string table, string file) => new(
        "PII clients",
        [new(table), new(file)],
        [new(table, file, [new JoinKey("client_no", "id")])],
        [
            new("client_id", FieldType.Text, Required: true), new("email", FieldType.Text), new("holder", FieldType.Text),
            new("birth_date", FieldType.Date), new("premium", FieldType.Decimal),
        ],
        [
            new("client_id", [new(new(table, "client_no"), []), new(new(file, "id"), [])]),
            new("email", [new(new(table, "email"), []), new(new(file, "email"), [])]),
            new("holder", [new(new(table, "full_name"), [new Trim()]), new(new(file, "name"), [new Trim()])]),
            new("birth_date", [new(new(table, "birth_date"), [new ParseDate(["yyyy-MM-dd"])])]),
            new("premium", [new(new(table, "premium"), [new Cast(FieldType.Decimal)]), new(new(file, "premium"), [new Cast(FieldType.Decimal)])]),
        ],
        []);

    private sealed record Dataset(Guid Id, string QualifiedName);

    private static async Task<Dataset> DatasetAsync(HttpClient steward, object source)
    {
        var sourceId = (await Created(await steward.PostAsJsonAsync("/api/sources", source))).GetProperty("id").GetGuid();
        var listed = Assert.Single((await steward.GetFromJsonAsync<JsonElement>($"/api/sources/{sourceId}/datasets")).EnumerateArray());
        return new Dataset(listed.GetProperty("id").GetGuid(), listed.GetProperty("qualifiedName").GetString()!);
    }

    /// <summary>Submits, approves (as the approver) and materializes version 1, and waits for the job to finish.</summary>
    private static async Task<JsonElement> MaterializedAsync(HttpClient steward, HttpClient approver, Guid viewId)
    {
        Assert.True((await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/1/submit", new { comment = "pii" })).IsSuccessStatusCode);
        Assert.True((await approver.PostAsJsonAsync($"/api/views/{viewId}/versions/1/approve", new { comment = "fine" })).IsSuccessStatusCode);
        var enqueued = await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/1/materialize", new { schema = "target", table = "pii_clients" });
        Assert.Equal(HttpStatusCode.Accepted, enqueued.StatusCode);
        var jobId = (await enqueued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var answer = await steward.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            var state = answer.GetProperty("job").GetProperty("state").GetString()!;
            if (JobStates.ParseState(state).IsFinished())
            {
                Assert.True(state == "succeeded", answer.ToString());
                return answer;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {state}");
            await Task.Delay(100);
        }
    }

    private static StringContent Json(ViewSpec spec) => new(ViewSpecJson.Serialize(spec), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

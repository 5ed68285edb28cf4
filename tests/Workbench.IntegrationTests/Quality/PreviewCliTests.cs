using System.Diagnostics;
using System.Text.Json;
using Workbench.Engine.Quality.Model;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>The real <c>workbench preview</c> program, run as a process against the hand-computed tables.</summary>
public sealed class PreviewCliTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-cli-test-").FullName;

    public async Task InitializeAsync() => await HandTables.CreateAsync(db.DataSource);

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("auto", "pushdown")]
    [InlineData("streaming", "streaming")]
    public async Task Prints_the_hand_computed_report_as_json(string engine, string expectedEngine)
    {
        var spec = Spec(engine, fastSide: """
            { "name": "fast", "schema": "hand", "table": "fast", "key": ["policy_id"], "fields": [
              { "target": "holder", "expression": { "column": "holder_name" } },
              { "target": "premium", "expression": { "column": "premium_amount", "kind": "number" } } ] }
            """);

        var (exit, stdout, stderr) = await RunAsync(spec);

        Assert.True(exit == 0, stderr);
        var report = QualityReport.FromJson(stdout);
        Assert.Equal(expectedEngine, report.Engine);
        HandTables.AssertHandComputed(report);
    }

    /// <summary>The hand-computed FAST rows, as the fast side reads them from a file or through an API.</summary>
    private const string FastCsv = "policyId,holderName,premiumAmount\n7,Ann,100.5\n8,Bob ,50\n11,eve,3\n11,Eve2,4\n9,Cy,9\n12.0,Fay,20.005\n";

    private const string FastFields = """
        "key": ["policyId"], "fields": [
          { "target": "holder", "expression": { "column": "holderName" } },
          { "target": "premium", "expression": { "column": "premiumAmount", "kind": "number" } } ]
        """;

    [Fact]
    public async Task Joins_a_table_with_a_csv_file_by_streaming()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "fast.csv"), FastCsv);

        await AssertStreamsTheHandReportAsync($$"""{ "name": "fast", "csv": "fast.csv", {{FastFields}} }""");
    }

    [Fact]
    public async Task Reads_a_side_through_the_demo_api_serving_a_file_page_by_page()
    {
        // The same rows behind the real workbench's demo API, two rows a page.
        var file = Path.Combine(_folder, "fast-api.csv");
        await File.WriteAllTextAsync(file, FastCsv);
        await using var app = await WorkbenchProcess.StartAsync(await TestPostgres.CreateDatabaseAsync("fastapicli"),
            new Dictionary<string, string> { ["Demo:SeedWhenEmpty"] = "false", ["Demo:FastApiFile"] = file });

        await AssertStreamsTheHandReportAsync($$"""{ "name": "fast", "api": "{{app.BaseUrl}}/demo/fast/policies?pageSize=2", {{FastFields}} }""");
    }

    private async Task AssertStreamsTheHandReportAsync(string fastSide)
    {
        var (exit, stdout, stderr) = await RunAsync(Spec("auto", fastSide));

        Assert.True(exit == 0, stderr);
        var report = QualityReport.FromJson(stdout);
        Assert.Equal("streaming", report.Engine);
        Assert.Equal(6, report.RowsScanned["fast"]);
        HandTables.AssertHandComputed(report);
    }

    [Fact]
    public async Task An_api_side_that_answers_an_error_exits_non_zero_naming_the_page()
    {
        await using var app = await WorkbenchProcess.StartAsync(await TestPostgres.CreateDatabaseAsync("fastapigone"),
            new Dictionary<string, string> { ["Demo:SeedWhenEmpty"] = "false", ["Demo:FastApiFile"] = Path.Combine(_folder, "missing.csv") });
        var spec = Spec("auto", fastSide: $$"""
            { "name": "fast", "api": "{{app.BaseUrl}}/demo/fast/policies", "key": ["policyId"], "fields": [] }
            """);

        var (exit, stdout, stderr) = await RunAsync(spec);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("Page 1 of 'fast'", stderr);
        Assert.Contains("500", stderr);
    }

    [Fact]
    public async Task An_api_side_follows_the_network_policy_set_in_the_environment()
    {
        // The same setting as the web app's, Sources:Rest:RefusedNetworks, as an environment variable.
        var spec = Spec("auto", fastSide: """
            { "name": "fast", "api": "http://127.0.0.1:9/policies", "key": ["policyId"], "fields": [] }
            """);

        var (exit, stdout, stderr) = await RunAsync(spec, new() { ["Sources__Rest__RefusedNetworks__0"] = "127.0.0.0/8" });

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("Page 1 of 'fast'", stderr);
        Assert.Contains("127.0.0.1 is in the refused network 127.0.0.0/8", stderr);
    }

    [Fact]
    public async Task A_failing_source_exits_non_zero_with_a_message_on_stderr()
    {
        var spec = Spec("auto", fastSide: """{ "name": "fast", "schema": "hand", "table": "gone", "key": ["policy_id"], "fields": [] }""");

        var (exit, stdout, stderr) = await RunAsync(spec);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("relation \"hand.gone\" does not exist", stderr);
    }

    [Fact]
    public async Task A_bad_spec_exits_with_code_2()
    {
        var (exit, _, stderr) = await RunAsync("""{ "sides": [] }""");

        Assert.Equal(2, exit);
        Assert.Contains("needs \"sides\" and \"fields\"", stderr);
    }

    private string Spec(string engine, string fastSide) => $$"""
        {
          "connectionString": {{JsonSerializer.Serialize(db.ConnectionString)}},
          "engine": "{{engine}}",
          "sides": [
            { "name": "legacy", "schema": "hand", "table": "legacy", "key": ["pol_num"], "fields": [
              { "target": "holder", "expression": { "column": "holder" } },
              { "target": "premium", "expression": { "column": "premium", "kind": "number" } },
              { "target": "status", "expression": { "column": "status" } },
              { "target": "eff_date", "expression": { "column": "eff_date" } } ] },
            {{fastSide}}
          ],
          "fields": [ { "name": "holder" }, { "name": "premium" }, { "name": "status" }, { "name": "eff_date" } ],
          "rules": [
            { "field": "premium", "kind": "notNull" },
            { "field": "premium", "kind": "between", "min": 0, "max": 1000 },
            { "field": "status", "kind": "inSet", "values": ["A", "L"] },
            { "field": "status", "kind": "notNull" },
            { "field": "holder", "kind": "pattern", "pattern": "^[A-Z]" },
            { "field": "holder", "kind": "lengthBetween", "min": 3, "max": 3 },
            { "field": "status", "kind": "unique" },
            { "field": "eff_date", "kind": "validDate", "formats": ["dd/MM/yyyy"] }
          ],
          "options": { "numericTolerance": 0.01 }
        }
        """;

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string spec, Dictionary<string, string>? environment = null)
    {
        var path = Path.Combine(_folder, "spec.json");
        await File.WriteAllTextAsync(path, spec);
        var program = RepoPaths.BuiltProgram("Workbench.Cli", "workbench");
        var info = new ProcessStartInfo(program, ["preview", "--spec", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? [])
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

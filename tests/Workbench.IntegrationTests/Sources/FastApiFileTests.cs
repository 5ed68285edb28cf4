using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>The demo FAST API serving a CSV file by cursor, through the real workbench.</summary>
public sealed class FastApiFileTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-fastapi-").FullName;
    private WorkbenchProcess? _app;
    private string File => Path.Combine(_folder, "fast.csv");

    public async Task InitializeAsync()
    {
        // A BOM, quoted commas and quotes, a line break inside quotes, multi-byte characters, an empty value.
        await System.IO.File.WriteAllTextAsync(File,
            "\uFEFFpolicy_id,holder_name,premium\n" +
            "1,\"Smith, Ann\",10\n" +
            "2,\"He said \"\"hi\"\"\",\n" +
            "3,\"two\nlines\",30.5\n" +
            "4,Zoë Ørsted,40\n" +
            "5,李雷,50\n" +
            "6,last,60\n");
        _app = await WorkbenchProcess.StartAsync(await TestPostgres.CreateDatabaseAsync("fastapifile"),
            new Dictionary<string, string> { ["Demo:SeedWhenEmpty"] = "false", ["Demo:FastApiFile"] = File });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(100)]
    public async Task Pages_by_cursor_give_every_row_of_the_file_once_in_order(int pageSize)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app!.BaseUrl) };
        var rows = new List<string?[]>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = JsonDocument.Parse(await http.GetStringAsync($"/demo/fast/policies?pageSize={pageSize}" + (cursor is null ? "" : $"&cursor={cursor}"))).RootElement;
            foreach (var item in page.GetProperty("items").EnumerateArray())
                rows.Add([item.GetProperty("policy_id").GetString(), item.GetProperty("holder_name").GetString(), item.GetProperty("premium").GetString()]);
            cursor = page.GetProperty("next").GetString();
            Assert.True(++pages <= 10, "the cursor does not advance");
        }
        while (cursor is not null);

        Assert.Equal(Expected(), rows);
    }

    [Fact]
    public async Task A_cursor_outside_the_file_is_refused()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app!.BaseUrl) };

        var answer = await http.GetAsync("/demo/fast/policies?cursor=999999");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
    }

    private static readonly string[] CsvColumns = ["policy_id", "holder_name", "premium"];

    private List<string?[]> Expected()
    {
        using var reader = new CsvReader(new StreamReader(File), CultureInfo.InvariantCulture);
        return reader.GetRecords<dynamic>()
            .Select(r => (IDictionary<string, object>)r)
            .Select(r => CsvColumns.Select(c => r[c] is string { Length: > 0 } v ? v : null).ToArray())
            .ToList();
    }
}

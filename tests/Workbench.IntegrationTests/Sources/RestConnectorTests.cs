using System.Diagnostics;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

public sealed class RestConnectorTests : IAsyncLifetime
{
    private readonly RestConnector _connector = new(new RestNetworkPolicy());
    private MisbehavingApi _api = null!;

    public async Task InitializeAsync() => _api = await MisbehavingApi.StartAsync();

    public async Task DisposeAsync()
    {
        _connector.Dispose();
        await _api.DisposeAsync();
    }

    private SourceConnection Api(string pagination = "page", MalformedRecordPolicy policy = MalformedRecordPolicy.Fail, params (string, string)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [RestSettings.BaseUrl] = _api.BaseUrl, [RestSettings.Pagination] = pagination, [RestSettings.PageSize] = "10",
            [RestSettings.RecordsPath] = "items", [RestSettings.RetryDelayMs] = "10", [RestSettings.Retries] = "3", [CommonSettings.TimeoutSeconds] = "5",
        };
        foreach (var (k, v) in extra)
            settings[k] = v;
        return new SourceConnection(SourceKind.RestApi, settings, new Dictionary<string, string> { [RestSettings.Secret] = "k3y" }, policy);
    }

    private static DatasetLocator Path(string path, string? recordsPath = null) =>
        new((RestSettings.Path, path), (RestSettings.RecordsPath, recordsPath));

    [Fact]
    public async Task Page_number_pagination_with_an_api_key_reads_every_record_once()
    {
        var connection = Api(extra: [(RestSettings.Auth, "apiKey"), (RestSettings.Paths, "/paged")]);
        var fields = await _connector.DescribeAsync(connection, Path("/paged", "data.items"));
        Assert.Equal(["id", "name", "amount"], fields.Select(f => f.Name));

        var rows = await _connector.ReadAllAsync(connection, Path("/paged", "data.items"));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), rows.Select(r => (long)r["id"]!));
        Assert.Equal(3, rows[^1].Position.Page);
        Assert.Equal(37.5m, rows[^1]["amount"]);
    }

    [Theory]
    [InlineData("offset", "/offset", "")]
    [InlineData("cursor", "/cursor", "items")]
    [InlineData("link", "/link", "")]
    public async Task Offset_cursor_and_link_pagination_read_every_record(string pagination, string path, string records)
    {
        var connection = Api(pagination, extra: [(RestSettings.CursorPath, "next")]);
        var rows = await _connector.ReadAllAsync(connection, Path(path, records));
        Assert.Equal(25, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
    }

    [Fact]
    public async Task A_401_says_the_credentials_were_refused()
    {
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Api(), Path("/unauthorized")));
        Assert.Contains("401", ex.Message);
        var check = await _connector.TestAsync(Api(extra: (RestSettings.Paths, "/unauthorized")));
        Assert.False(check.Ok);
        Assert.Contains("refused the credentials", check.Message);
    }

    [Fact]
    public async Task A_404_says_the_path_does_not_exist()
    {
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Api(), Path("/nothing-here")));
        Assert.Contains("404", ex.Message);
    }

    [Fact]
    public async Task Answers_429_are_retried_with_backoff_until_the_api_answers()
    {
        var rows = await _connector.ReadAllAsync(Api("none"), Path("/flaky", "") with { Fields = ["id", "name", "amount"] });
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, _api.Calls["flaky"]);
    }

    [Fact]
    public async Task A_500_is_retried_then_reported_with_the_page()
    {
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Api("none"), Path("/broken", "")));
        Assert.Contains("Page 1", ex.Message);
        Assert.Contains("500", ex.Message);
        Assert.Equal(4, _api.Calls["broken"]);
    }

    [Fact]
    public async Task A_slow_api_fails_at_the_timeout_and_the_test_button_answers_within_it()
    {
        var connection = Api("none", extra: [(RestSettings.Retries, "0"), (RestSettings.Paths, "/slow"), (CommonSettings.TimeoutSeconds, "1")]);
        var watch = Stopwatch.StartNew();
        var check = await _connector.TestAsync(connection);
        Assert.False(check.Ok);
        Assert.Contains("within 1 s", check.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");

        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(connection, Path("/slow")));
        Assert.Contains("did not answer within 1 s", ex.Message);
    }

    [Fact]
    public async Task An_invalid_json_page_is_skipped_and_reported_with_its_number_or_fails_as_configured()
    {
        var diagnostics = new ReadDiagnostics();
        var rows = await _connector.ReadAllAsync(Api(policy: MalformedRecordPolicy.Skip), Path("/invalid"), diagnostics: diagnostics);
        Assert.Equal(15, rows.Count);
        Assert.Equal(2, diagnostics.Malformed.Single().Position.Page);
        Assert.Contains("not valid JSON", diagnostics.Malformed[0].Reason);

        var ex = await Assert.ThrowsAsync<MalformedRecordException>(() => _connector.ReadAllAsync(Api(), Path("/invalid")));
        Assert.Equal(2, ex.Record.Position.Page);
    }

    [Fact]
    public async Task A_page_that_repeats_stops_the_read_instead_of_looping()
    {
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Api(), Path("/repeat", "")));
        Assert.Contains("Page 2 repeats page 1", ex.Message);
    }

    [Fact]
    public async Task Records_that_are_not_objects_are_counted_with_their_page()
    {
        var diagnostics = new ReadDiagnostics();
        var rows = await _connector.ReadAllAsync(Api("none", MalformedRecordPolicy.Skip), Path("/mixed", ""), diagnostics: diagnostics);
        Assert.Equal(2, rows.Count);
        Assert.Equal("page 1, record 2: record 2 of the page is a Number, not an object", diagnostics.Malformed.Single().ToString());
    }

    [Fact]
    public async Task A_500_with_a_long_hostile_body_shows_only_a_short_sanitised_excerpt()
    {
        var connection = Api("none", extra: [(RestSettings.Retries, "0"), (RestSettings.Paths, "/hostile")]);

        var check = await _connector.TestAsync(connection);
        var read = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(connection, Path("/hostile", "") with { Fields = ["id"] }));

        foreach (var message in new[] { check.Message, read.Message })
        {
            Assert.Contains("500", message);
            var excerpt = message[(message.IndexOf("(sanitised excerpt): ", StringComparison.Ordinal) + "(sanitised excerpt): ".Length)..];
            Assert.Contains("Internal failure AAAA", excerpt);
            Assert.True(excerpt.Length <= 81, excerpt);
            Assert.DoesNotContain("TAIL-THAT-MUST-NOT-SHOW", message);
            Assert.DoesNotContain("<", message);
            Assert.DoesNotContain("'", excerpt);
            Assert.DoesNotContain(message, char.IsControl);
        }
    }

    [Fact]
    public async Task A_page_that_is_html_instead_of_json_is_reported_without_its_markup()
    {
        var ex = await Assert.ThrowsAsync<MalformedRecordException>(() =>
            _connector.ReadAllAsync(Api("none", extra: (RestSettings.Retries, "0")), new DatasetLocator((RestSettings.Path, "/hostile?ok=true"), (RestSettings.RecordsPath, "")) with { Fields = ["id"] }));

        Assert.Contains("not valid JSON", ex.Record.Reason);
        Assert.DoesNotContain("<", ex.Record.Reason);
        Assert.DoesNotContain("TAIL-THAT-MUST-NOT-SHOW", ex.Record.Reason);
    }
}

using Workbench.Connectors.Contract;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>REST sources connect only where the administrator allows, checked on every connection before anything is sent.</summary>
public sealed class RestNetworkTests : IAsyncLifetime
{
    private MisbehavingApi _api = null!;

    public async Task InitializeAsync() => _api = await MisbehavingApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static SourceConnection Api(string baseUrl) => new(SourceKind.RestApi,
        new Dictionary<string, string?>
        {
            [RestSettings.BaseUrl] = baseUrl, [RestSettings.Paths] = "/offset", [RestSettings.Pagination] = "offset",
            [RestSettings.Retries] = "2", [RestSettings.RetryDelayMs] = "10", [CommonSettings.TimeoutSeconds] = "10",
        },
        new Dictionary<string, string>());

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.0/8")]
    [InlineData("localhost", "127.0.0.0/8")]
    [InlineData("127.0.0.1", "::1/128, 127.0.0.1")]
    public async Task A_refused_network_is_refused_before_any_request_arrives(string host, string refused)
    {
        using var connector = new RestConnector(new RestNetworkPolicy(refused: refused.Split(',')));
        var connection = Api(_api.BaseUrl.Replace("127.0.0.1", host));

        var check = await connector.TestAsync(connection);
        var read = await Assert.ThrowsAsync<RestAddressRefusedException>(() => connector.ReadAllAsync(connection, new DatasetLocator((RestSettings.Path, "/offset"))));

        Assert.False(check.Ok);
        Assert.Contains("in the refused network 127.0.0", check.Message);
        Assert.Contains("Nothing was sent", read.Message);
        Assert.False(_api.Calls.ContainsKey("*"), "a request reached the API");
    }

    [Fact]
    public async Task Only_the_allowed_networks_are_reached_when_the_administrator_lists_them()
    {
        using var outside = new RestConnector(new RestNetworkPolicy(allowed: ["10.0.0.0/8"]));
        using var inside = new RestConnector(new RestNetworkPolicy(allowed: ["127.0.0.0/8"]));

        var refused = await outside.TestAsync(Api(_api.BaseUrl));
        Assert.Contains("not in the allowed networks (10.0.0.0/8)", refused.Message);
        Assert.False(_api.Calls.ContainsKey("*"));

        var reached = await inside.TestAsync(Api(_api.BaseUrl));
        Assert.True(reached.Ok, reached.Message);
        Assert.True(_api.Calls.ContainsKey("*"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://0.0.0.0:80/")]
    public async Task Cloud_metadata_link_local_and_unspecified_addresses_are_refused_by_default(string url)
    {
        using var connector = new RestConnector(new RestNetworkPolicy());

        var check = await connector.TestAsync(Api(url));

        Assert.False(check.Ok);
        Assert.Contains("is in the refused network", check.Message);
    }

    [Fact]
    public async Task Loopback_is_allowed_by_default_and_redirects_are_not_followed()
    {
        using var connector = new RestConnector(new RestNetworkPolicy());

        var check = await connector.TestAsync(Api(_api.BaseUrl));
        var redirected = await connector.TestAsync(Api(_api.BaseUrl) with
        {
            Settings = new Dictionary<string, string?> { [RestSettings.BaseUrl] = _api.BaseUrl, [RestSettings.Paths] = "/redirect" },
        });

        Assert.True(check.Ok, check.Message);
        Assert.False(redirected.Ok);
        Assert.Contains("302", redirected.Message);
        Assert.False(_api.Calls.ContainsKey("redirected"), "the redirect was followed");
    }
}

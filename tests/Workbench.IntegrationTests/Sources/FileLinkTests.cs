using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Sources;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// A file source reads only inside its allowed folder: a symbolic link to a file or folder outside, or a
/// <c>..</c> path, is refused without showing anything of what lies there (e.g. a master key next to the folder).
/// </summary>
public sealed class FileLinkTests : IDisposable
{
    private const string Secret = "THE-MASTER-KEY-CONTENT";
    private readonly string _parent = Directory.CreateTempSubdirectory("workbench-links-").FullName;
    private readonly string _allowed;
    private readonly FileConnector _connector;

    public FileLinkTests()
    {
        _allowed = Directory.CreateDirectory(Path.Combine(_parent, "files")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_parent, "outside")).FullName;
        File.WriteAllText(Path.Combine(_parent, "master.key"), Secret + "\n1\n");
        File.WriteAllText(Path.Combine(outside, "master.csv"), Secret + "\n1\n");
        File.WriteAllText(Path.Combine(_allowed, "fine.csv"), "id,name\n1,a\n");
        File.CreateSymbolicLink(Path.Combine(_allowed, "mk.csv"), "../master.key");
        Directory.CreateSymbolicLink(Path.Combine(_allowed, "elsewhere"), outside);
        _connector = new FileConnector(new FileSourceRoots([_allowed]));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private static SourceConnection Source(string path) =>
        new(SourceKind.File, new Dictionary<string, string?> { [FileSettings.Path] = path }, new Dictionary<string, string>());

    [Theory]
    [InlineData("mk.csv", "mk.csv")]
    [InlineData("elsewhere/master.csv", "master.csv")]
    [InlineData("elsewhere", "master.csv")]
    [InlineData("../outside/master.csv", "master.csv")]
    public async Task A_link_or_dotdot_path_out_of_the_allowed_folder_is_refused_without_showing_the_target(string path, string file)
    {
        var connection = Source(path);

        var check = await _connector.TestAsync(connection);
        var described = await Assert.ThrowsAsync<SourceException>(() => _connector.DescribeAsync(connection, new DatasetLocator((FileSettings.File, file))));

        Assert.False(check.Ok);
        Assert.Contains("outside the folders files may be read from", check.Message);
        Assert.Contains("outside the folders files may be read from", described.Message);
        Assert.DoesNotContain(Secret, check.Message + described.Message);
    }

    [Fact]
    public async Task A_folder_source_neither_lists_nor_reads_a_link_that_leads_outside()
    {
        var connection = Source(".");

        var datasets = await _connector.DiscoverAsync(connection);
        var read = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(connection, new DatasetLocator((FileSettings.File, "mk.csv"))));

        Assert.Equal(["fine.csv"], datasets.Select(d => d.Name));
        Assert.DoesNotContain(datasets.SelectMany(d => d.Fields), f => f.Name.Contains(Secret));
        Assert.Contains("outside the folders files may be read from", read.Message);
        Assert.DoesNotContain(Secret, read.Message);
    }

    [Fact]
    public async Task A_link_that_stays_inside_the_allowed_folder_is_read()
    {
        File.CreateSymbolicLink(Path.Combine(_allowed, "alias.csv"), "fine.csv");

        var rows = await _connector.ReadAllAsync(Source("alias.csv"), new DatasetLocator((FileSettings.File, "fine.csv")));

        Assert.Equal("a", Assert.Single(rows)["name"]);
    }
}

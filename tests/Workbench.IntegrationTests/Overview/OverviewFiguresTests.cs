using Workbench.Application.Overview;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Overview;

public sealed class OverviewFiguresTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Counts_follow_what_is_in_the_store()
    {
        var figures = new OverviewFigures(database.DataSource);
        var before = await figures.ReadAsync();

        await using (var connection = await database.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("""
                insert into view_definition (id, name, created_by, current_version) values ('00000000-0000-0000-0000-0000000000f1', 'Glance test', 'sam', 2);
                insert into view_version (view_id, version, spec, author) values
                    ('00000000-0000-0000-0000-0000000000f1', 1, '{}', 'sam'),
                    ('00000000-0000-0000-0000-0000000000f1', 2, '{}', 'sam');
                update view_version set status = 'submitted', status_changed_by = 'sam' where version = 2 and view_id = '00000000-0000-0000-0000-0000000000f1';
                """);
        var after = await figures.ReadAsync();

        Assert.Equal(before.Views + 1, after.Views);
        Assert.Equal(before.AwaitingApproval + 1, after.AwaitingApproval);
        Assert.Equal(before.Approved, after.Approved);
        Assert.Equal(before.Sources, after.Sources);
    }
}

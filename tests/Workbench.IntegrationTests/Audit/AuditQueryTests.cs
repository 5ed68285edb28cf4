using Workbench.Application.Audit;
using Workbench.Storage.Store;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Audit;

/// <summary>The audit page's filters match the typed text literally, anywhere, whatever its case.</summary>
public sealed class AuditQueryTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Percent_and_underscore_in_a_filter_match_only_themselves()
    {
        var stem = TestAccounts.UniqueName("literal");
        await new AuditLog(db.DataSource, new SystemActor($"{stem}_50%")).RecordAsync(new AuditEntry("test.literal", "source", "7"));
        await new AuditLog(db.DataSource, new SystemActor($"{stem}x50x")).RecordAsync(new AuditEntry("test.literal", "source", "8"));
        var query = new AuditQuery(new DataSourceContextFactory(db.DataSource));

        var (rows, total) = await query.PageAsync(new AuditFilter(Actor: $"{stem.ToUpperInvariant()}_50%"), 0, 50);

        Assert.Equal(1, total);
        Assert.Equal($"{stem}_50%", Assert.Single(rows).Actor);
    }

    [Fact]
    public async Task The_entity_filter_matches_kind_colon_id_and_the_page_is_newest_first()
    {
        var actor = TestAccounts.UniqueName("entity");
        var log = new AuditLog(db.DataSource, new SystemActor(actor));
        await log.RecordAsync(new AuditEntry("test.first", "view", "41"));
        await log.RecordAsync(new AuditEntry("test.second", "view", "41"));
        await log.RecordAsync(new AuditEntry("test.other", "view", "42"));
        var query = new AuditQuery(new DataSourceContextFactory(db.DataSource));

        var (rows, total) = await query.PageAsync(new AuditFilter(Actor: actor, Entity: "view:41"), 0, 1);
        var streamed = new List<string>();
        await foreach (var row in query.StreamAsync(new AuditFilter(Actor: actor, Entity: "VIEW:41")))
            streamed.Add(row.Action);

        Assert.Equal(2, total);
        Assert.Equal("test.second", Assert.Single(rows).Action);
        Assert.Equal(["test.second", "test.first"], streamed);
    }
}

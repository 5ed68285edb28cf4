using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Mapping;

public sealed class ViewStoreTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private ViewStore Store(string actor) => new(database.DataSource, new SystemActor(actor), new AuditLog(database.DataSource, new SystemActor(actor)));

    private static ViewSpec Spec(string name) => ViewSpec.Empty(name) with
    {
        Datasets = [new("legacy.policies"), new("fast.policies")],
        Target = [new TargetField("policy_id", FieldType.Text, true)],
        Mappings = [new MappingEntry("policy_id", [new MappingSource(new FieldRef("legacy.policies", "pol_num"), [new Trim(), new Cast(FieldType.Text)])])],
    };

    [Fact]
    public async Task Every_save_is_a_new_version_with_its_author_and_the_spec_round_trips()
    {
        var created = Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Versions view")));
        var changed = Spec("Versions view") with { Target = [new TargetField("policy_id", FieldType.Text, true), new TargetField("status", FieldType.Text)] };
        var saved = Assert.IsType<SaveOutcome.Saved>(await Store("bob").SaveAsync(created.ViewId, 1, changed));

        Assert.Equal(2, saved.Version);
        var versions = await Store("ann").ListVersionsAsync(created.ViewId);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal(["bob", "ann"], versions.Select(v => v.Author));
        Assert.All(versions, v => Assert.Equal(VersionStatus.Draft, v.Status));
        Assert.Equal(ViewSpecJson.Serialize(changed), ViewSpecJson.Serialize(versions[0].Spec));
        Assert.Equal(["Target field status added: status text."], ViewDiff.Between(versions[1].Spec, versions[0].Spec));
        var summary = Assert.Single(await Store("x").ListAsync(), s => s.Id == created.ViewId);
        Assert.Equal((2, "bob"), (summary.CurrentVersion, summary.UpdatedBy));
    }

    [Fact]
    public async Task The_second_of_two_saves_from_the_same_version_is_refused_and_names_the_winner()
    {
        var created = Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Concurrent view")));

        var first = await Store("ann").SaveAsync(created.ViewId, 1, Spec("Concurrent view") with { Description = "ann's" });
        var second = await Store("bob").SaveAsync(created.ViewId, 1, Spec("Concurrent view") with { Description = "bob's" });

        Assert.IsType<SaveOutcome.Saved>(first);
        var conflict = Assert.IsType<SaveOutcome.Conflict>(second);
        Assert.Equal((1, 2, "ann"), (conflict.ExpectedVersion, conflict.CurrentVersion, conflict.CurrentAuthor));
        Assert.Equal("ann's", (await Store("x").GetAsync(created.ViewId))!.Spec.Description);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var denied = await connection.ExecuteScalarAsync<long>(
            "select count(*) from audit_event where action = 'view.save' and outcome = 'denied' and entity_id = @id", new { id = created.ViewId.ToString() });
        Assert.Equal(1, denied);
    }

    [Fact]
    public async Task Of_saves_racing_from_the_same_version_exactly_one_wins_and_the_others_are_told_who()
    {
        var created = Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Racing view")));
        var editors = Enumerable.Range(1, 8).Select(i => $"editor{i}").ToList();
        using var start = new ManualResetEventSlim();

        var saves = editors.Select(editor => Task.Run(async () =>
        {
            start.Wait();
            return (editor, outcome: await Store(editor).SaveAsync(created.ViewId, 1, Spec("Racing view") with { Description = editor }));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(saves);

        var winner = Assert.Single(outcomes, o => o.outcome is SaveOutcome.Saved);
        Assert.Equal(2, ((SaveOutcome.Saved)winner.outcome).Version);
        Assert.All(outcomes.Where(o => o != winner), o =>
        {
            var conflict = Assert.IsType<SaveOutcome.Conflict>(o.outcome);
            Assert.Equal((1, 2, winner.editor), (conflict.ExpectedVersion, conflict.CurrentVersion, conflict.CurrentAuthor));
        });
        var versions = await Store("x").ListVersionsAsync(created.ViewId);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal(winner.editor, versions[0].Spec.Description);
    }

    [Fact]
    public async Task Names_are_unique_ignoring_case()
    {
        Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Unique view")));
        Assert.IsType<SaveOutcome.NameTaken>(await Store("ann").CreateAsync(Spec("UNIQUE VIEW")));
        Assert.NotNull(await Store("ann").FindIdByNameAsync("unique view"));
    }

    [Fact]
    public async Task A_save_that_renames_onto_another_views_name_is_refused_and_saves_nothing()
    {
        Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Taken view")));
        var other = Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Other view")));

        Assert.IsType<SaveOutcome.NameTaken>(await Store("ann").SaveAsync(other.ViewId, 1, Spec("TAKEN VIEW")));

        var current = await Store("ann").GetAsync(other.ViewId);
        Assert.Equal((1, "Other view"), (current!.Version, current.Spec.Name));
    }

    [Fact]
    public async Task A_version_never_changes_and_an_approved_one_not_even_its_status()
    {
        var created = Assert.IsType<SaveOutcome.Saved>(await Store("ann").CreateAsync(Spec("Immutable view")));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var key = new { id = created.ViewId };

        var edit = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update view_version set spec = '{}'::jsonb where view_id = @id", key));
        Assert.Contains("immutable", edit.MessageText);

        // Only a draft of a view nobody reviewed may be deleted (deleting a view of drafts only); once submitted, never.
        await connection.ExecuteAsync("update view_version set status = 'submitted', status_changed_by = 'ann' where view_id = @id", key);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("delete from view_version where view_id = @id", key));
        Assert.Contains("never deleted", delete.MessageText);
        await connection.ExecuteAsync("update view_version set status = 'approved', status_changed_by = 'bob' where view_id = @id", key);
        await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("delete from view_version where view_id = @id", key));
        var reopen = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("update view_version set status = 'draft' where view_id = @id", key));
        Assert.Contains("approved", reopen.MessageText);
    }
}

public sealed class TargetSchemaImporterTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task A_table_becomes_a_target_schema_with_types_and_required_columns()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("""
                create schema target_area;
                create table target_area.policy (policy_id text not null, premium_amount numeric(12,2), effective_date date, active boolean, n bigint)
                """);

        var fields = await new TargetSchemaImporter(database.DataSource).ImportAsync("target_area.policy");

        Assert.Equal(
            [("policy_id", FieldType.Text, true), ("premium_amount", FieldType.Decimal, false), ("effective_date", FieldType.Date, false),
             ("active", FieldType.Boolean, false), ("n", FieldType.Integer, false)],
            fields.Select(f => (f.Name, f.Type, f.Required)));
        Assert.Empty(await new TargetSchemaImporter(database.DataSource).ImportAsync("no_such_table"));
    }
}

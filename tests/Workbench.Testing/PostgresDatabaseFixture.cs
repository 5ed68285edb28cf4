using Npgsql;
using Workbench.Migrations;
using Xunit;

namespace Workbench.Testing;

/// <summary>A fresh database per test class (use as <c>IClassFixture</c>), in the run's shared cluster.</summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Brings the database to this build's schema, as the workbench does at start-up.</summary>
    public Task<IReadOnlyList<string>> MigrateAsync() => new StoreMigrator(DataSource).MigrateAsync();

    public virtual async Task DisposeAsync() => await DataSource.DisposeAsync();
}

/// <summary>A fresh database with every migration applied.</summary>
public sealed class MigratedDatabaseFixture : PostgresDatabaseFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await MigrateAsync();
    }
}

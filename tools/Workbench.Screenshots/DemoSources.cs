using Npgsql;

namespace Workbench.Screenshots;

/// <summary>The demo's three sources, which the app registers once it listens (they call its own FAST API).</summary>
public static class DemoSources
{
    public static readonly string[] Names = ["Legacy policies (PostgreSQL)", "FAST platform API", "Agents export (CSV)"];

    /// <summary>Waits until the three are registered with their datasets discovered, so the pages show them.</summary>
    public static async Task WaitAsync(string connectionString, TimeSpan timeout)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var command = dataSource.CreateCommand(
                "select count(distinct s.id) from source s join source_dataset d on d.source_id = s.id where s.is_demo"))
            {
                if ((long)(await command.ExecuteScalarAsync())! >= Names.Length)
                    return;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The demo sources were not registered within {timeout.TotalSeconds:0} s.");
            // A poll of the store, not a guess at how long seeding takes.
            await Task.Delay(200);
        }
    }
}

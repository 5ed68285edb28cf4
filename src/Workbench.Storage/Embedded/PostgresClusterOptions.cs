namespace Workbench.Storage.Embedded;

/// <summary>Where and how the private PostgreSQL cluster runs (section <c>Store:Embedded</c>).</summary>
public sealed class PostgresClusterOptions
{
    /// <summary>Holds <c>data/</c>, the server log and the generated superuser password.</summary>
    public string Directory { get; set; } = ".workbench/postgres";

    public int Port { get; set; } = 55433;

    public string Database { get; set; } = "workbench";

    /// <summary>Folder with initdb and pg_ctl; found on PATH or under /usr/lib/postgresql when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>The operating-system user that owns the cluster when the workbench runs as root (initdb refuses root).</summary>
    public string RootRunsAs { get; set; } = "postgres";

    public int StartTimeoutSeconds { get; set; } = 60;
}

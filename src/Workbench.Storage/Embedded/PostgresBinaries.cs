namespace Workbench.Storage.Embedded;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl) on this machine.</summary>
public static class PostgresBinaries
{
    public static string Locate(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(Path.Combine(configured, "pg_ctl"))
                ? configured
                : throw new InvalidOperationException($"No pg_ctl in the configured PostgreSQL folder '{configured}'.");

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin"))
                : []);
        foreach (var dir in candidates)
            if (File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
                return dir;

        throw new InvalidOperationException(
            "PostgreSQL server programs (initdb, pg_ctl) were not found. Install them (Debian: apt-get install -y postgresql), " +
            "set Store:Embedded:BinDirectory, or give ConnectionStrings:Workbench to use an existing server.");
    }

    private static int VersionOf(string dir) => int.TryParse(Path.GetFileName(dir), out var v) ? v : 0;
}

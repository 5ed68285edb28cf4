namespace Workbench.Migrations.Legacy;

/// <summary>
/// The ordered SQL files that were the store's schema history before EF Core migrations. A store made from them is
/// brought up to the last of them, then handed to EF Core (<see cref="Workbench.Migrations.StoreMigrator"/>); a new
/// store gets them all through the baseline migration.
/// </summary>
public sealed class MigrationCatalog
{
    public IReadOnlyList<MigrationFile> Files { get; }

    public MigrationCatalog(IEnumerable<MigrationFile> files)
    {
        Files = files.OrderBy(f => f.Version).ToList();
        var twice = Files.GroupBy(f => f.Version).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidOperationException(
                $"Two migration files share version {twice.Key:D4}: {string.Join(", ", twice.Select(f => f.Name))}.");
    }

    public static MigrationCatalog FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"The migrations folder '{directory}' does not exist.");
        var files = Directory.EnumerateFiles(directory, "*.sql")
            .Where(path => MigrationFile.TryParseVersion(Path.GetFileName(path), out _))
            .Select(path => MigrationFile.FromText(Path.GetFileName(path), File.ReadAllText(path)));
        return new MigrationCatalog(files);
    }

    /// <summary>The SQL files of the stores made before EF Core migrations, built into this assembly.</summary>
    public static MigrationCatalog Embedded()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        return new MigrationCatalog(assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return MigrationFile.FromText(name[ResourcePrefix.Length..], reader.ReadToEnd());
            }));
    }

    private const string ResourcePrefix = "Legacy/";
}

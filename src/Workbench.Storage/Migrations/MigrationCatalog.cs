namespace Workbench.Storage.Migrations;

/// <summary>The migration files a build knows, in the order they must be applied.</summary>
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

    /// <summary>The folder copied beside every program that opens the store.</summary>
    public static MigrationCatalog Default() => FromDirectory(Path.Combine(AppContext.BaseDirectory, "migrations"));
}

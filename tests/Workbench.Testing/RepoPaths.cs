namespace Workbench.Testing;

/// <summary>Finds the repository and the build outputs the tests start as real processes.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string MigrationsDirectory => Path.Combine(Root, "migrations");

    public static string BuiltProgram(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net9.0", "linux-x64", project);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Workbench.sln not found above {AppContext.BaseDirectory}.");
    }
}

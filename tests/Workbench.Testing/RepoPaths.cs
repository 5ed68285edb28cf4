namespace Workbench.Testing;

/// <summary>Finds the repository and the build outputs the tests start as real processes.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string MigrationsDirectory => Path.Combine(Root, "migrations");

    /// <summary>The target framework folder of every build output (Directory.Build.props).</summary>
    public const string TargetFramework = "net10.0";

    public static string BuiltProgram(string project) => BuiltProgram(project, project);

    /// <summary>A project's program whose file name differs from the project's (the CLI is <c>workbench</c>).</summary>
    public static string BuiltProgram(string project, string program) =>
        Path.Combine(Root, "src", project, "bin", Configuration, TargetFramework, program);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Workbench.sln not found above {AppContext.BaseDirectory}.");
    }
}

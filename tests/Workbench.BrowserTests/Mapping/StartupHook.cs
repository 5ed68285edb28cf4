using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// Loaded into the app process by <c>DOTNET_STARTUP_HOOKS</c> (see <see cref="Workbench.BrowserTests.Mapping.MappingBrowserFixture"/>):
/// makes this assembly resolvable by name there, so ASP.NET Core can run its hosting startup.
/// The runtime requires this exact type name, outside any namespace.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var self = typeof(StartupHook).Assembly;
        AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == self.GetName().Name ? self : null;
    }
}

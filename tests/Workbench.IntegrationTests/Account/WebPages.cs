using System.Reflection;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Workbench.IntegrationTests.Account;

/// <summary>Every routable page of the built web app, read from its assembly, so a new page is covered without editing a list.</summary>
public static class WebPages
{
    public static IReadOnlyList<(string Route, bool AllowsAnonymous)> All { get; } = Load();

    private static List<(string, bool)> Load()
    {
        var program = Workbench.Testing.RepoPaths.BuiltProgram("Workbench.Web");
        var folder = Path.GetDirectoryName(program)!;
        var context = new AssemblyLoadContext("workbench-web-pages", isCollectible: true);
        context.Resolving += (alc, name) =>
            File.Exists(Path.Combine(folder, name.Name + ".dll")) ? alc.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
        var assembly = context.LoadFromAssemblyPath(program + ".dll");
        return assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>().Select(route => (route.Template, type.IsDefined(typeof(AllowAnonymousAttribute)))))
            .Where(page => !page.Template.Contains('{'))
            .OrderBy(page => page.Template)
            .ToList();
    }
}

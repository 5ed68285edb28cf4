using Workbench.BrowserTests.Infrastructure;
using Xunit;

namespace Workbench.BrowserTests.Mapping;

/// <summary>
/// The workbench with the in-memory demo catalog plugged in from this test assembly (a startup hook makes the
/// assembly loadable, a hosting startup registers the catalog). Production code knows nothing of it.
/// </summary>
public sealed class MappingBrowserFixture : BrowserFixture
{
    protected override IDictionary<string, string> AppSettings => new Dictionary<string, string>
    {
        ["DOTNET_STARTUP_HOOKS"] = typeof(MappingBrowserFixture).Assembly.Location,
        ["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = typeof(MappingBrowserFixture).Assembly.GetName().Name!,
    };
}

[CollectionDefinition(Name)]
public sealed class MappingBrowserCollection : ICollectionFixture<MappingBrowserFixture>
{
    public const string Name = "mapping-browser";
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Workbench.BrowserTests.Mapping;
using Workbench.Core.Sources;

[assembly: HostingStartup(typeof(TestCatalogStartup))]

namespace Workbench.BrowserTests.Mapping;

/// <summary>Gives the app under test the in-memory demo catalog; runs only in a process started by the mapping fixture.</summary>
public sealed class TestCatalogStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<IDatasetCatalog, InMemoryDemoCatalog>());
}

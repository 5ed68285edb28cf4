using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Storage.Sources;

namespace Workbench.Storage.Secrets;

public static class StoreDataProtection
{
    /// <summary>
    /// Data Protection with its key ring in the store (secrets stay readable across restarts and instances
    /// sharing the store), each key encrypted with <paramref name="masterKey"/>, which lives outside the store.
    /// Needs an <see cref="NpgsqlDataSource"/> in the container.
    /// </summary>
    public static IServiceCollection AddStoreDataProtection(this IServiceCollection services, MasterKey masterKey)
    {
        services.AddSingleton(masterKey);
        services.AddDataProtection().SetApplicationName("Workbench");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((o, dataSource) =>
            {
                o.XmlRepository = new PostgresXmlRepository(dataSource);
                o.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey);
            });
        return services;
    }
}

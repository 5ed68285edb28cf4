using Microsoft.AspNetCore.Connections;
using Npgsql;
using Workbench.Storage;
using Workbench.Migrations;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

try
{
    if (AccountCommands.Handles(args))
        return await AccountCommands.RunAsync(args);
    if (WorkerCommand.Handles(args))
        return await WorkerCommand.RunAsync(args);
    await using var app = await WorkbenchApp.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is MigrationException or StoreUnavailableException or NpgsqlException)
{
    // Known reasons not to start get one readable line, not a stack trace.
    Console.Error.WriteLine($"Workbench could not start: {ex.Message}");
    return 1;
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    Console.Error.WriteLine($"Workbench could not start: {ex.Message} Is another workbench running? Choose another address with --urls.");
    return 1;
}

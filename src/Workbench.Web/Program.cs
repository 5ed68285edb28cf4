using Workbench.Web.Hosting;

await using var app = await WorkbenchApp.BuildAsync(args);
await app.RunAsync();

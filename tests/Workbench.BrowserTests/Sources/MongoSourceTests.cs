using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Sources;

/// <summary>A MongoDB source added through the form, against the MongoDB emulator the tests start.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MongoSourceTests(BrowserFixture browser)
{
    [Fact]
    public Task A_mongodb_source_is_tested_saved_and_shows_its_collections_with_inferred_fields() =>
        browser.RunAsync("sources-mongo", async session =>
        {
            var database = "ui_" + Guid.NewGuid().ToString("N")[..10];
            var customers = new MongoClient(await TestMongo.ConnectionStringAsync()).GetDatabase(database).GetCollection<BsonDocument>("customers");
            await customers.InsertManyAsync(Enumerable.Range(1, 4).Select(i => new BsonDocument
            {
                ["no"] = $"C{i}",
                ["premium"] = i == 4 ? new BsonString("n/a") : new BsonDouble(i + 0.5),
                ["address"] = new BsonDocument("city", "Lyon"),
            }));

            await session.GotoAsync("/sources/new");
            await session.Page.GetByText("MongoDB", new() { Exact = true }).ClickAsync();
            await session.Page.GetByTestId("source-name").FillAsync($"crm {database}");
            await session.Page.GetByTestId("mongo-host").FillAsync(TestMongo.Host);
            await session.Page.GetByTestId("mongo-port").FillAsync((await TestMongo.PortAsync()).ToString(CultureInfo.InvariantCulture));
            await session.Page.GetByTestId("mongo-database").FillAsync(database);
            await session.Page.GetByTestId("test-connection").ClickAsync();
            await Expect(session.Page.GetByTestId("test-result")).ToContainTextAsync($"database '{database}' with 1 collections");
            await session.Page.GetByTestId("save-source").ClickAsync();

            var datasets = session.Page.GetByTestId("datasets-grid");
            await Expect(datasets).ToContainTextAsync("customers");
            await datasets.GetByRole(Microsoft.Playwright.AriaRole.Link).First.ClickAsync();
            var fields = session.Page.GetByTestId("fields-grid");
            await Expect(fields).ToContainTextAsync("address.city");
            await Expect(fields).ToContainTextAsync("Decimal (double 75 %, string 25 %)");
            Assert.Empty(session.ConsoleErrors);
        });
}

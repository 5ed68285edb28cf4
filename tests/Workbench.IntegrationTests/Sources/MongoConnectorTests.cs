using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Mongo;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>The MongoDB connector against the wire-protocol emulator the tests start (<see cref="TestMongo"/>), in a database of its own.</summary>
public sealed class MongoConnectorTests : IAsyncLifetime
{
    private const int Policies = 100;
    private const int PremiumAsText = 3;
    private readonly MongoConnector _connector = new();
    private readonly string _database = "wb_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ObjectId> _ids = [];
    // ObjectIds: the emulator turns any other _id into one (a real server keeps it; see Ids_of_every_bson_type_are_read_as_text).
    private readonly ObjectId[] _claims = Enumerable.Range(0, 5).Select(_ => ObjectId.GenerateNewId()).ToArray();
    private int _port;

    public async Task InitializeAsync()
    {
        _port = await TestMongo.PortAsync();
        var db = new MongoClient(await TestMongo.ConnectionStringAsync()).GetDatabase(_database);
        var policies = Enumerable.Range(1, Policies).Select(i =>
        {
            var id = ObjectId.GenerateNewId();
            _ids.Add(id);
            return new BsonDocument
            {
                ["_id"] = id,
                ["pol_num"] = $"POL-{i:0000}",
                // Legacy data: a few premiums were typed in as text.
                ["premium"] = i <= PremiumAsText ? new BsonString($"{i}.5") : new BsonDouble(i + 0.5),
                ["status"] = i % 4 == 0 ? "lapsed" : "active",
                ["address"] = new BsonDocument { ["city"] = i % 2 == 0 ? "Lyon" : "Paris", ["geo"] = new BsonDocument("zip", $"{69000 + i}") },
                ["tags"] = new BsonArray { "home", i },
                ["agent"] = i % 5 == 0 ? BsonNull.Value : new BsonInt32(i % 3),
            };
        });
        await db.GetCollection<BsonDocument>("policies").InsertManyAsync(policies);
        await db.GetCollection<BsonDocument>("agents").InsertManyAsync(
        [
            new BsonDocument { ["name"] = "Ann" },
            new BsonDocument { ["name"] = "Bob", ["region"] = "north" },
            new BsonDocument { ["name"] = "Cy" },
        ]);
        // A document beyond what the workbench can hold: a decimal of 10^400 (.NET decimals end near 10^28).
        await db.GetCollection<BsonDocument>("claims").InsertManyAsync(
        [
            new BsonDocument { ["_id"] = _claims[0], ["no"] = "C1", ["amount"] = new BsonDecimal128(Decimal128.Parse("12.50")), ["state"] = "open" },
            new BsonDocument { ["_id"] = _claims[1], ["no"] = "C2", ["amount"] = new BsonDecimal128(Decimal128.Parse("1E+400")), ["state"] = "void" },
            new BsonDocument { ["_id"] = _claims[2], ["no"] = "C3", ["amount"] = new BsonDecimal128(Decimal128.Parse("7")), ["state"] = "open" },
            new BsonDocument { ["_id"] = _claims[3], ["no"] = "C4", ["amount"] = "42", ["state"] = "open" },
            new BsonDocument { ["_id"] = _claims[4], ["no"] = "C5", ["amount"] = new BsonInt32(42), ["state"] = "open" },
        ]);
    }

    public Task DisposeAsync() => new MongoClient($"mongodb://{TestMongo.Host}:{_port}").DropDatabaseAsync(_database);

    private SourceConnection Connection(int? port = null, string? database = null, string? collections = null, int? sampleSize = null,
        MalformedRecordPolicy policy = MalformedRecordPolicy.Fail) =>
        new(SourceKind.MongoDb,
            new Dictionary<string, string?>
            {
                [MongoSettings.Host] = TestMongo.Host, [MongoSettings.Port] = (port ?? _port).ToString(CultureInfo.InvariantCulture), [MongoSettings.Database] = database ?? _database,
                [MongoSettings.Collections] = collections, [MongoSettings.SampleSize] = sampleSize?.ToString(CultureInfo.InvariantCulture), [MongoSettings.BatchSize] = "7",
                [CommonSettings.TimeoutSeconds] = "2",
            },
            new Dictionary<string, string>(), policy);

    private static DatasetLocator Collection(string name) => new((MongoSettings.Collection, name));

    [Fact]
    public async Task Test_connection_reports_the_server_and_the_collections()
    {
        var check = await _connector.TestAsync(Connection());

        Assert.True(check.Ok, check.Message);
        Assert.Equal($"Connected: MongoDB 7.0.0, database '{_database}' with 3 collections.", check.Message);
    }

    [Fact]
    public async Task Discovery_lists_the_collections_with_fields_inferred_from_sampled_documents()
    {
        var datasets = await _connector.DiscoverAsync(Connection());

        Assert.Equal(["agents", "claims", "policies"], datasets.Select(d => d.Name));
        var fields = datasets.Single(d => d.Name == "policies").Fields.ToDictionary(f => f.Name);
        Assert.Equal(["_id", "pol_num", "premium", "status", "address.city", "address.geo.zip", "tags", "agent"], fields.Keys);
        Assert.Equal(new FieldSchema("_id", FieldType.Text, false, "objectId"), fields["_id"]);
        Assert.Equal(new FieldSchema("address.city", FieldType.Text, false, "string"), fields["address.city"]);
        Assert.Equal(new FieldSchema("tags", FieldType.Json, false, "array"), fields["tags"]);
        Assert.Equal(new FieldSchema("agent", FieldType.Integer, true, "int"), fields["agent"]);
        // Mixed types are reported with their shares and the field takes the type most values have.
        var doubles = (Policies - PremiumAsText) * 100 / Policies;
        Assert.Equal(new FieldSchema("premium", FieldType.Decimal, false, $"double {doubles} %, string {100 - doubles} %"), fields["premium"]);
        var agents = datasets.Single(d => d.Name == "agents").Fields;
        Assert.Equal(new FieldSchema("_id", FieldType.Text, false, "objectId"), agents[0]);
        Assert.True(agents.Single(f => f.Name == "region").Nullable);
    }

    [Fact]
    public async Task Discovery_samples_as_many_documents_as_the_setting_says_and_browses_the_named_collections()
    {
        var datasets = await _connector.DiscoverAsync(Connection(collections: "agents", sampleSize: 1));

        var agents = Assert.Single(datasets);
        Assert.Equal(["_id", "name"], agents.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task A_read_streams_every_document_with_id_as_text_nested_values_flattened_and_arrays_as_json()
    {
        var rows = await _connector.ReadAllAsync(Connection(), Collection("policies"));

        Assert.Equal(Policies, rows.Count);
        Assert.Equal(_ids.Select(id => id.ToString()), rows.Select(r => r["_id"]));
        var fourth = rows[3];
        Assert.Equal(("POL-0004", 4.5, "Lyon", "69004", "[\"home\", 4]", 1L), (fourth["pol_num"], fourth["premium"], fourth["address.city"], fourth["address.geo.zip"], fourth["tags"], fourth["agent"]));
        Assert.Equal("1.5", rows[0]["premium"]);
        Assert.Null(rows[4]["agent"]);
        Assert.Equal(Enumerable.Range(1, Policies).Select(i => (long)i), rows.Select(r => r.Position.Ordinal));
    }

    [Fact]
    public async Task An_equality_filter_finds_a_value_whatever_its_bson_type_and_the_projection_keeps_the_fields_asked_for()
    {
        var request = new ReadRequest(Fields: ["_id"], Filters: [new FieldFilter("amount", FilterOperator.Equal, "42")]);

        var rows = await _connector.ReadAllAsync(Connection(), Collection("claims"), request);

        Assert.Equal([_claims[3].ToString(), _claims[4].ToString()], rows.Select(r => r["_id"]));
        Assert.All(rows, r => Assert.Equal(["_id"], r.Keys));
    }

    [Fact]
    public async Task The_projection_is_pushed_into_the_query_so_an_unread_field_cannot_fail_the_read()
    {
        // Claim 2's amount cannot be held; a read that fetched whole documents would stop on it (the policy is Fail).
        var rows = await _connector.ReadAllAsync(Connection(), Collection("claims"), new ReadRequest(Fields: ["state"]));

        Assert.Equal(["open", "void", "open", "open", "open"], rows.Select(r => r["state"]));
    }

    [Fact]
    public async Task The_equality_filter_is_pushed_into_the_query_so_a_document_it_leaves_out_is_never_read()
    {
        var rows = await _connector.ReadAllAsync(Connection(), Collection("claims"), new ReadRequest(Filters: [new FieldFilter("state", FilterOperator.Equal, "open")]));

        Assert.Equal(["C1", "C3", "C4", "C5"], rows.Select(r => r["no"]));
        Assert.Equal(12.50m, rows[0]["amount"]);
    }

    [Fact]
    public async Task A_filter_on_a_nested_field_and_a_limit_narrow_the_read()
    {
        var paris = await _connector.ReadAllAsync(Connection(), Collection("policies"),
            new ReadRequest(Fields: ["pol_num", "address.city"], Filters: [new FieldFilter("address.city", FilterOperator.Equal, "Paris")]));
        var firstThree = await _connector.ReadAllAsync(Connection(), Collection("policies"), new ReadRequest(Limit: 3));
        var noAgent = await _connector.ReadAllAsync(Connection(), Collection("policies"), new ReadRequest(Filters: [new FieldFilter("agent", FilterOperator.IsNull)]));

        Assert.Equal(Policies / 2, paris.Count);
        Assert.All(paris, r => Assert.Equal("Paris", r["address.city"]));
        Assert.Equal(["POL-0001", "POL-0002", "POL-0003"], firstThree.Select(r => r["pol_num"]));
        Assert.Equal(Policies / 5, noAgent.Count);
    }

    [Fact]
    public async Task A_document_that_cannot_be_read_stops_the_read_with_its_position_and_reason_under_Fail()
    {
        var failed = await Assert.ThrowsAsync<MalformedRecordException>(() => _connector.ReadAllAsync(Connection(), Collection("claims")));

        Assert.Equal(2, failed.Record.Position.Ordinal);
        Assert.Equal($"document _id {_claims[1]}, field 'amount': the decimal 1E+400 is outside the range the workbench can hold", failed.Record.Reason);
    }

    [Fact]
    public async Task A_document_that_cannot_be_read_is_left_out_and_reported_under_Skip()
    {
        var diagnostics = new ReadDiagnostics();

        var rows = await _connector.ReadAllAsync(Connection(policy: MalformedRecordPolicy.Skip), Collection("claims"), diagnostics: diagnostics);

        Assert.Equal(["C1", "C3", "C4", "C5"], rows.Select(r => r["no"]));
        var skipped = Assert.Single(diagnostics.Malformed);
        Assert.Equal("row 2", skipped.Position.ToString());
        Assert.Contains($"_id {_claims[1]}", skipped.Reason);
    }

    [Fact]
    public async Task An_unreachable_host_is_reported_within_the_timeout()
    {
        var closedPort = FreePort.Next();

        var check = await _connector.TestAsync(Connection(port: closedPort));
        var discovery = await Assert.ThrowsAsync<SourceException>(() => _connector.DiscoverAsync(Connection(port: closedPort)));

        Assert.False(check.Ok);
        var expected = $"Could not reach MongoDB at 127.0.0.1:{closedPort}/{_database} within 2 s: check the host, the port and the TLS setting, and that the server is running.";
        Assert.Equal(expected, check.Message);
        Assert.Equal(expected, discovery.Message);
        Assert.True(check.Elapsed < TimeSpan.FromSeconds(10), $"took {check.Elapsed}");
    }

    [Fact]
    public async Task A_sign_in_that_cannot_be_completed_is_reported_without_the_password()
    {
        var connection = Connection() with
        {
            Settings = new Dictionary<string, string?>(Connection().Settings) { [MongoSettings.User] = "reader" },
            Secrets = new Dictionary<string, string> { [MongoSettings.Password] = "wrong-pa55word" },
        };

        var check = await _connector.TestAsync(connection);

        // The emulator has no users: its answer to the SCRAM exchange is one the driver cannot use, as a broken sign-in would be.
        Assert.False(check.Ok);
        Assert.Equal($"The connection to MongoDB at 127.0.0.1:{_port}/{_database} failed while opening (reaching the server or signing in): check the host, the port, the TLS setting and the user.", check.Message);
        Assert.DoesNotContain("wrong-pa55word", check.Message);
    }

    [Fact]
    public async Task An_unknown_database_or_collection_is_named()
    {
        var check = await _connector.TestAsync(Connection(database: "no_such_db"));
        var collection = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Connection(), Collection("nope")));
        var browsed = await Assert.ThrowsAsync<SourceException>(() => _connector.DiscoverAsync(Connection(collections: "agents, nope")));

        Assert.False(check.Ok);
        Assert.StartsWith("The database 'no_such_db' has no collections", check.Message);
        Assert.Equal($"The collection 'nope' does not exist in the database '{_database}'.", collection.Message);
        Assert.Equal(collection.Message, browsed.Message);
    }

    [Fact]
    public async Task A_field_the_dataset_does_not_have_is_refused_by_name()
    {
        var refused = await Assert.ThrowsAsync<SourceException>(() =>
            _connector.ReadAllAsync(Connection(), Collection("agents"), new ReadRequest(Fields: ["nmae"])));

        Assert.Equal("The dataset has no field 'nmae'.", refused.Message);
    }

    [Fact]
    public void Ids_of_every_bson_type_are_read_as_text()
    {
        var id = ObjectId.GenerateNewId();
        var guid = Guid.NewGuid();

        Assert.Equal(id.ToString(), MongoValues.ToValue(id, isId: true));
        Assert.Equal("7", MongoValues.ToValue(new BsonInt32(7), isId: true));
        Assert.Equal("9000000000", MongoValues.ToValue(new BsonInt64(9_000_000_000), isId: true));
        Assert.Equal("K-1", MongoValues.ToValue("K-1", isId: true));
        Assert.Equal(guid.ToString(), MongoValues.ToValue(new BsonBinaryData(guid, GuidRepresentation.Standard), isId: true));
        Assert.Equal("{ \"a\" : 1 }", MongoValues.ToValue(new BsonDocument("a", 1), isId: true));
    }
}

using System.Text;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

public sealed class FileConnectorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-files-").FullName;
    private readonly FileConnector _connector;

    public FileConnectorTests() => _connector = new FileConnector(new FileSourceRoots([_folder]));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (SourceConnection, DatasetLocator) File(string name, byte[] content, MalformedRecordPolicy policy = MalformedRecordPolicy.Fail, params (string, string)[] settings)
    {
        System.IO.File.WriteAllBytes(Path.Combine(_folder, name), content);
        var values = settings.ToDictionary(s => s.Item1, s => (string?)s.Item2);
        values[FileSettings.Path] = name;
        return (new SourceConnection(SourceKind.File, values, new Dictionary<string, string>(), policy), new DatasetLocator((FileSettings.File, name)));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Ragged_rows_are_skipped_with_their_line_and_counted_when_the_source_says_skip()
    {
        var (connection, locator) = File("ragged.csv", Utf8("id,name,amount\n1,a,10\n2,b\n3,c,30,extra\n4,d,40\n"), MalformedRecordPolicy.Skip);
        var diagnostics = new ReadDiagnostics();

        var rows = await _connector.ReadAllAsync(connection, locator, diagnostics: diagnostics);

        Assert.Equal(["1", "4"], rows.Select(r => (string)r["id"]!));
        Assert.Equal(2, diagnostics.MalformedCount);
        Assert.Equal("line 3: expected 3 fields, found 2", diagnostics.Malformed[0].ToString());
        Assert.Equal("line 4: expected 3 fields, found 4", diagnostics.Malformed[1].ToString());
    }

    [Fact]
    public async Task A_ragged_row_fails_the_read_with_its_line_when_the_source_says_fail()
    {
        var (connection, locator) = File("ragged-fail.csv", Utf8("id,name\n1,a\n2\n"));
        var ex = await Assert.ThrowsAsync<MalformedRecordException>(() => _connector.ReadAllAsync(connection, locator));
        Assert.Equal(3, ex.Record.Position.Line);
    }

    [Fact]
    public async Task Embedded_newlines_stay_in_their_field_and_later_lines_keep_their_numbers()
    {
        var (connection, locator) = File("multiline.csv", Utf8("id,note\n1,\"first\nsecond\"\n2,plain\n3\n"), MalformedRecordPolicy.Skip);
        var diagnostics = new ReadDiagnostics();
        var rows = await _connector.ReadAllAsync(connection, locator, diagnostics: diagnostics);

        Assert.Equal("first\nsecond", rows[0]["note"]);
        Assert.Equal(4, rows[1].Position.Line);
        Assert.Equal(5, diagnostics.Malformed[0].Position.Line);
    }

    [Fact]
    public async Task An_unclosed_quote_is_reported_not_swallowed()
    {
        var (connection, locator) = File("unclosed.csv", Utf8("id,note\n1,ok\n2,\"never closed\n3,lost\n"), MalformedRecordPolicy.Skip);
        var diagnostics = new ReadDiagnostics();
        var rows = await _connector.ReadAllAsync(connection, locator, diagnostics: diagnostics);

        Assert.Equal("1", Assert.Single(rows)["id"]);
        Assert.Equal(1, diagnostics.MalformedCount);
        Assert.Equal(3, diagnostics.Malformed[0].Position.Line);
    }

    [Fact]
    public async Task A_byte_order_mark_is_not_part_of_the_first_field_name()
    {
        var (connection, locator) = File("bom.csv", [0xEF, 0xBB, 0xBF, .. Utf8("id;city\n1;Zürich\n")], settings: (FileSettings.Delimiter, ";"));
        var diagnostics = new ReadDiagnostics();
        var rows = await _connector.ReadAllAsync(connection, locator, diagnostics: diagnostics);

        Assert.Equal(["id", "city"], rows[0].Shape.Fields);
        Assert.Equal("Zürich", rows[0]["city"]);
        Assert.Contains(diagnostics.Notes, n => n.Contains("byte-order mark"));
    }

    [Fact]
    public async Task Latin1_bytes_are_read_as_latin1_and_refused_as_utf8_with_advice()
    {
        var bytes = Encoding.Latin1.GetBytes("id,name\n1,Müller\n");
        var (latin, locator) = File("latin1.csv", bytes, settings: (FileSettings.Encoding, "latin-1"));
        Assert.Equal("Müller", (await _connector.ReadAllAsync(latin, locator))[0]["name"]);

        var (utf8, _) = File("latin1.csv", bytes);
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(utf8, locator));
        Assert.Contains("latin-1", ex.Message);
    }

    [Fact]
    public async Task An_empty_file_says_so()
    {
        var (connection, locator) = File("empty.csv", []);
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.DescribeAsync(connection, locator));
        Assert.Contains("is empty", ex.Message);
    }

    [Fact]
    public async Task Types_are_inferred_in_the_files_culture()
    {
        var (connection, locator) = File("de.csv", Utf8("id;amount;day;flag\n1;1.234,50;15.03.2021;true\n2;;2021-04-01;false\n"),
            settings: [(FileSettings.Delimiter, ";"), (FileSettings.Culture, "de-DE")]);
        var fields = await _connector.DescribeAsync(connection, locator);
        Assert.Equal([FieldType.Integer, FieldType.Decimal, FieldType.Date, FieldType.Boolean], fields.Select(f => f.Type));
        Assert.True(fields[1].Nullable);
        Assert.False(fields[0].Nullable);
    }

    [Fact]
    public async Task Ndjson_lines_that_are_not_json_are_reported_with_their_line()
    {
        var (connection, locator) = File("rows.ndjson", Utf8("{\"id\":1,\"name\":\"a\"}\n{broken\n\n{\"id\":3,\"extra\":true}\n"), MalformedRecordPolicy.Skip);
        var diagnostics = new ReadDiagnostics();
        var rows = await _connector.ReadAllAsync(connection, locator, diagnostics: diagnostics);

        Assert.Equal([1L, 3L], rows.Select(r => (long)r["id"]!));
        Assert.Null(rows[1]["name"]);
        Assert.Equal(true, rows[1]["extra"]);
        Assert.Equal(2, diagnostics.Malformed.Single().Position.Line);
    }

    [Fact]
    public async Task A_json_array_streams_its_objects_and_filters_apply()
    {
        var (connection, locator) = File("rows.json", Utf8("[{\"id\":1,\"s\":\"a\"},{\"id\":2,\"s\":\"b\"},{\"id\":3,\"s\":\"a\"}]"));
        var rows = await _connector.ReadAllAsync(connection, locator, new ReadRequest(["id"], [new FieldFilter("s", FilterOperator.Equal, "a")]));
        Assert.Equal([1L, 3L], rows.Select(r => (long)r["id"]!));
        Assert.Equal(["id"], rows[0].Shape.Fields);
    }

    [Fact]
    public async Task Paths_outside_the_allowed_folders_are_refused()
    {
        var connection = new SourceConnection(SourceKind.File, new Dictionary<string, string?> { [FileSettings.Path] = "../../etc/passwd" }, new Dictionary<string, string>());
        var check = await _connector.TestAsync(connection);
        Assert.False(check.Ok);
        Assert.Contains("outside the folders", check.Message);
    }
}

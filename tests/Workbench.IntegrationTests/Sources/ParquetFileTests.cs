using Parquet;
using Parquet.Serialization;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>Parquet files written here with Parquet.Net, read through the file connector.</summary>
public sealed class ParquetFileTests : IDisposable
{
    private const int RowsPerGroup = 10;
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-parquet-").FullName;
    private readonly FileConnector _connector;

    public ParquetFileTests() => _connector = new FileConnector(new FileSourceRoots([_folder]));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public sealed class Address
    {
        public string? City { get; set; }
        public int Zip { get; set; }
    }

    public sealed class Customer
    {
        public int Id { get; set; }
        public string? Name { get; set; }
        public Address? Address { get; set; }
        public double Amount { get; set; }
        public bool Active { get; set; }
        public DateTime Since { get; set; }
    }

    private static Customer[] Customers(int count) => Enumerable.Range(1, count).Select(i => new Customer
    {
        Id = i,
        Name = i % 5 == 0 ? null : $"customer {i}",
        Address = new Address { City = i % 2 == 0 ? "Lyon" : "Paris", Zip = 69000 + i },
        Amount = i * 1.5,
        Active = i % 3 == 0,
        Since = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i),
    }).ToArray();

    private async Task<(SourceConnection, DatasetLocator)> WriteAsync(string name, IEnumerable<Customer> rows)
    {
        await ParquetSerializer.SerializeAsync(rows, Path.Combine(_folder, name), new ParquetOptions { RowGroupSize = RowsPerGroup });
        return (Connection(name), new DatasetLocator((FileSettings.File, name)));
    }

    private static SourceConnection Connection(string path) =>
        new(SourceKind.File, new Dictionary<string, string?> { [FileSettings.Path] = path }, new Dictionary<string, string>(), MalformedRecordPolicy.Fail);

    [Fact]
    public async Task The_schema_is_the_fields_with_nested_columns_flattened_and_every_row_group_is_read()
    {
        var written = Customers(35);
        var (connection, locator) = await WriteAsync("customers.parquet", written);

        var dataset = Assert.Single(await _connector.DiscoverAsync(connection));
        var rows = await _connector.ReadAllAsync(connection, locator);

        Assert.Equal(
            [("Id", FieldType.Integer), ("Name", FieldType.Text), ("Address.City", FieldType.Text), ("Address.Zip", FieldType.Integer),
             ("Amount", FieldType.Decimal), ("Active", FieldType.Boolean), ("Since", FieldType.Timestamp)],
            dataset.Fields.Select(f => (f.Name, f.Type)));
        Assert.Equal(written.Length, rows.Count);
        Assert.Equal(written.Select(c => (object?)(long)c.Id), rows.Select(r => r["Id"]));
        Assert.Equal(written.Select(c => c.Address!.City), rows.Select(r => (string?)r["Address.City"]));
        Assert.Equal(written.Select(c => (object?)(long)c.Address!.Zip), rows.Select(r => r["Address.Zip"]));
        Assert.Equal(written.Select(c => c.Name), rows.Select(r => (string?)r["Name"]));
        Assert.Equal(written.Select(c => (object?)c.Amount), rows.Select(r => r["Amount"]));
        Assert.Equal(written.Select(c => (object?)c.Active), rows.Select(r => r["Active"]));
        Assert.Equal(written[^1].Since, Assert.IsType<DateTime>(rows[^1]["Since"]).ToUniversalTime());
    }

    [Fact]
    public async Task A_limited_read_stops_in_the_first_row_group_and_never_reads_the_later_ones()
    {
        var (connection, locator) = await WriteAsync("groups.parquet", Customers(3 * RowsPerGroup));
        await CorruptLastRowGroupAsync(Path.Combine(_folder, "groups.parquet"));

        var first = await _connector.ReadAllAsync(connection, locator, new ReadRequest(Fields: ["Id", "Address.City"], Limit: 5));

        Assert.Equal([1L, 2L, 3L, 4L, 5L], first.Select(r => (long)r["Id"]!));
        Assert.Equal("Paris", first[0]["Address.City"]);
        // The same file read to the end fails in the damaged group: the limited read really stopped before it.
        await Assert.ThrowsAnyAsync<Exception>(() => _connector.ReadAllAsync(connection, locator));
    }

    [Fact]
    public async Task A_csv_file_named_parquet_gets_one_sentence_naming_the_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "renamed.parquet"), "id,name\n1,a\n");

        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.DescribeAsync(Connection("renamed.parquet"), new DatasetLocator((FileSettings.File, "renamed.parquet"))));

        Assert.Equal("The file 'renamed.parquet' is not a Parquet file (it lacks Parquet's PAR1 markers); check its extension or the source's format.", ex.Message);
    }

    /// <summary>Overwrites the data pages of the last row group's first column with noise, leaving the footer intact.</summary>
    private static async Task CorruptLastRowGroupAsync(string path)
    {
        long offset;
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            var chunk = reader.Metadata!.RowGroups[^1].Columns[0].MetaData!;
            offset = chunk.DictionaryPageOffset ?? chunk.DataPageOffset;
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Seek(offset, SeekOrigin.Begin);
        await stream.WriteAsync(Enumerable.Repeat((byte)0xFF, 16).ToArray());
    }
}

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>Excel workbooks written here with the Open XML SDK, read through the file connector (ExcelDataReader).</summary>
public sealed class ExcelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-excel-").FullName;
    private readonly FileConnector _connector;

    public ExcelFileTests() => _connector = new FileConnector(new FileSourceRoots([_folder]));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SourceConnection Connection(string path, params (string, string)[] settings)
    {
        var values = settings.ToDictionary(s => s.Item1, s => (string?)s.Item2);
        values[FileSettings.Path] = path;
        return new(SourceKind.File, values, new Dictionary<string, string>(), MalformedRecordPolicy.Fail);
    }

    private static readonly DateOnly Start = new(2024, 3, 1);

    /// <summary>Customers: a title row above the header, then id, name, amount, member, since.</summary>
    private static readonly object?[][] Customers =
    [
        ["Customer export", null, null, null, null],
        ["id", "name", "amount", "member", "since"],
        .. Enumerable.Range(1, 12).Select(i => new object?[] { i, i % 4 == 0 ? null : $"customer {i}", i * 2.5, i % 3 == 0, Start.AddDays(i) }),
    ];

    /// <summary>Orders: the header in the first row.</summary>
    private static readonly object?[][] Orders =
    [
        ["order", "customer", "code"],
        .. Enumerable.Range(1, 5).Select(i => new object?[] { 100 + i, i, $"00{i}" }),
    ];

    [Fact]
    public async Task Each_sheet_is_a_dataset_with_typed_cells_and_the_header_row_the_source_names()
    {
        WriteWorkbook(Path.Combine(_folder, "crm.xlsx"), ("Customers", Customers), ("Orders", Orders));
        var connection = Connection("crm.xlsx", (FileSettings.HeaderRow, "2"));

        var datasets = await _connector.DiscoverAsync(connection);

        Assert.Equal(["crm.xlsx / Customers", "crm.xlsx / Orders"], datasets.Select(d => d.Name));
        var customers = datasets[0];
        Assert.Equal(
            [("id", FieldType.Integer), ("name", FieldType.Text), ("amount", FieldType.Decimal), ("member", FieldType.Boolean), ("since", FieldType.Date)],
            customers.Fields.Select(f => (f.Name, f.Type)));
        var rows = await _connector.ReadAllAsync(connection, customers.Locator);
        var written = Customers[2..];
        Assert.Equal(written.Length, rows.Count);
        Assert.Equal(written.Select(r => (object?)(long)(int)r[0]!), rows.Select(r => r["id"]));
        Assert.Equal(written.Select(r => r[1]), rows.Select(r => r["name"]));
        Assert.Equal(written.Select(r => (object?)(double)r[2]!), rows.Select(r => r["amount"] is long l ? (double)l : r["amount"]));
        Assert.Equal(written.Select(r => r[3]), rows.Select(r => r["member"]));
        Assert.Equal(written.Select(r => r[4]), rows.Select(r => r["since"]));
        Assert.Equal(3, rows[0].Position.Line);
    }

    [Fact]
    public async Task A_header_row_of_zero_names_the_columns_and_keeps_the_first_row_as_data_and_text_cells_stay_text()
    {
        WriteWorkbook(Path.Combine(_folder, "orders.xlsx"), ("Orders", Orders));
        var connection = Connection("orders.xlsx", (FileSettings.HeaderRow, "0"));

        var dataset = Assert.Single(await _connector.DiscoverAsync(connection));
        var rows = await _connector.ReadAllAsync(connection, dataset.Locator);

        Assert.Equal(["column1", "column2", "column3"], dataset.Fields.Select(f => f.Name));
        Assert.Equal(Orders.Length, rows.Count);
        Assert.Equal("order", rows[0]["column1"]);
        // "001" is a text cell: it stays text with its zeros, not the number 1.
        var withHeader = Connection("orders.xlsx");
        var typed = Assert.Single(await _connector.DiscoverAsync(withHeader));
        Assert.Equal(FieldType.Text, typed.Fields.Single(f => f.Name == "code").Type);
        Assert.Equal("001", (await _connector.ReadAllAsync(withHeader, typed.Locator))[0]["code"]);
    }

    [Fact]
    public async Task A_csv_file_named_xlsx_gets_one_sentence_naming_the_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "renamed.xlsx"), "id,name\n1,a\n");

        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.DiscoverAsync(Connection("renamed.xlsx")));

        Assert.Equal("The file 'renamed.xlsx' is not an Excel workbook (.xlsx); check its extension or the source's format.", ex.Message);
    }

    /// <summary>Writes numbers, booleans, inline text and dates (numbers with the built-in date format 14) into one sheet each.</summary>
    private static void WriteWorkbook(string path, params (string Name, object?[][] Rows)[] sheets)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets());
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })) { Count = 1 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
        uint id = 1;
        foreach (var (name, rows) in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                    if (Cell(rows[r][c]) is { } cell)
                    {
                        cell.CellReference = $"{(char)('A' + c)}{r + 1}";
                        row.Append(cell);
                    }
                data.Append(row);
            }
            part.Worksheet = new Worksheet(data);
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
        }
        workbook.Workbook.Save();
    }

    private static Cell? Cell(object? value) => value switch
    {
        null => null,
        string s => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) },
        // Excel stores booleans as 1 and 0.
        bool b => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
        int i => new Cell { CellValue = new CellValue(i) },
        double d => new Cell { CellValue = new CellValue(d) },
        DateOnly date => new Cell { CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate()), StyleIndex = 1 },
        _ => throw new ArgumentException($"No cell for {value.GetType().Name}"),
    };
}

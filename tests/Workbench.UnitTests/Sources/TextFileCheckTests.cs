using System.Text;
using Workbench.Connectors.Files;
using Xunit;

namespace Workbench.UnitTests.Sources;

public sealed class TextFileCheckTests
{
    [Theory]
    [InlineData("id,name\n1,Müller\n")]
    [InlineData("[{\"policyId\": \"POL-1\", \"premium\": 10.5}]")]
    [InlineData("a\tb\r\n1\t2\r\n")]
    [InlineData("")]
    public void Text_in_utf8_is_text(string text) =>
        Assert.Null(TextFileCheck.Problem(Encoding.UTF8.GetBytes(text), "export.csv"));

    [Fact]
    public void Latin1_text_is_still_text_so_the_encoding_advice_stays_right() =>
        Assert.Null(TextFileCheck.Problem(Encoding.Latin1.GetBytes("id,name\n1,Müller\n2,Gärtner\n"), "export.csv"));

    [Fact]
    public void A_character_cut_by_the_end_of_the_head_is_no_fault()
    {
        var bytes = Encoding.UTF8.GetBytes("id,city\n1,Zürich");
        Assert.Null(TextFileCheck.Problem(bytes.AsSpan(0, bytes.Length - 4), "export.csv"));
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x41, 0x52, 0x31, 0x15, 0x04 }, "a Parquet file")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "an Excel workbook")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "a gzip archive")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "a PDF document")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A }, "a PNG image")]
    public void Known_binary_formats_are_named(byte[] head, string kind)
    {
        var problem = TextFileCheck.Problem(head, "not-really.csv");

        Assert.NotNull(problem);
        Assert.StartsWith("'not-really.csv' is not text: it looks like " + kind, problem);
        Assert.Contains("Is it a Parquet or Excel file? Choose that format.", problem);
        Assert.DoesNotContain("latin-1", problem);
    }

    [Fact]
    public void NUL_bytes_mean_binary()
    {
        var problem = TextFileCheck.Problem("id,name\n1,a\0b\n"u8, "dump.csv");

        Assert.Equal("'dump.csv' is not text, so it cannot be read as CSV or JSON. Is it a Parquet or Excel file? Choose that format.", problem);
    }

    [Fact]
    public void Random_bytes_without_a_NUL_are_not_text()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == 0)
                bytes[i] = 0xFF;

        Assert.NotNull(TextFileCheck.Problem(bytes, "noise.csv"));
    }
}

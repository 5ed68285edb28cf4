using Workbench.Engine.Quality.Expressions;
using Xunit;

namespace Workbench.UnitTests.Quality;

public sealed class KeyNormalizerTests
{
    [Theory]
    [InlineData("007", "7")]
    [InlineData(" 7 ", "7")]
    [InlineData("+7", "7")]
    [InlineData("7.0", "7")]
    [InlineData("007.50", "7.5")]
    [InlineData("-0", "0")]
    [InlineData("-0.00", "0")]
    [InlineData("-007", "-7")]
    [InlineData("0.5", "0.5")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("A7", "A7")]
    [InlineData(" a7 ", "a7")]
    [InlineData("7e3", "7e3")]
    [InlineData("1,5", "1,5")]
    public void Text_keys_are_trimmed_and_plain_numbers_canonicalised(string raw, string expected) =>
        Assert.Equal(expected, KeyNormalizer.NormalizePart(raw));

    [Fact]
    public void Numbers_and_their_text_are_the_same_key()
    {
        Assert.Equal(KeyNormalizer.NormalizePart("007"), KeyNormalizer.NormalizePart(7));
        Assert.Equal(KeyNormalizer.NormalizePart("7.0"), KeyNormalizer.NormalizePart(7.00m));
        Assert.Equal(KeyNormalizer.NormalizePart("12"), KeyNormalizer.NormalizePart(12L));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_or_blank_keys_are_null(string? raw) => Assert.Null(KeyNormalizer.NormalizePart(raw));

    [Fact]
    public void A_composite_key_is_null_when_any_part_is()
    {
        Assert.Equal("7\u001fAB", KeyNormalizer.Normalize(["007", " AB"]));
        Assert.Null(KeyNormalizer.Normalize(["007", " "]));
        Assert.Null(KeyNormalizer.Normalize([null, "AB"]));
    }
}

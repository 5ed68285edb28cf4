using System.Security.Cryptography;
using Workbench.Core.Privacy;
using Xunit;

namespace Workbench.UnitTests.Privacy;

public sealed class ValueMaskerTests
{
    private readonly ValueMasker _masker = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_masked_value_keeps_its_shape_and_hides_its_letters_and_digits()
    {
        var masked = _masker.Mask("POL-0042 Ada");

        Assert.NotNull(masked);
        Assert.StartsWith("AAA-9999 AAA #", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("0042", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_values_look_equal_and_different_values_of_the_same_shape_look_different()
    {
        Assert.Equal(_masker.Mask("1815-12-10"), _masker.Mask("1815-12-10"));
        Assert.NotEqual(_masker.Mask("1815-12-10"), _masker.Mask("1815-12-11"));
    }

    [Fact]
    public void Null_and_blank_stay_what_they_are()
    {
        Assert.Null(_masker.Mask(null));
        Assert.Equal("", _masker.Mask(""));
        Assert.Equal("  ", _masker.Mask("  "));
    }

    [Fact]
    public void Without_the_key_the_tokens_cannot_be_reproduced()
    {
        var other = new ValueMasker(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(_masker.Token("1815-12-10"), other.Token("1815-12-10"));
        Assert.Throws<ArgumentException>(() => new ValueMasker(new byte[16]));
    }
}

using Workbench.Core.Privacy;
using Xunit;

namespace Workbench.UnitTests.Privacy;

public sealed class ValuePatternsTests
{
    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("DE89370400440532013001", false)]
    [InlineData("POL-0001", false)]
    public void An_iban_needs_its_check_digits_right(string value, bool expected) =>
        Assert.Equal(expected, ValuePatterns.IsIban(value));

    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1111", true)]
    [InlineData("4111 1111 1111 1112", false)]
    [InlineData("1000001", false)]
    public void A_card_number_needs_its_luhn_digit_right(string value, bool expected) =>
        Assert.Equal(expected, ValuePatterns.IsCardNumber(value));

    [Theory]
    [InlineData("+44 20 7946 0958", true)]
    [InlineData("(555) 010-9999", true)]
    [InlineData("07700 900123", true)]
    [InlineData("1000001", false)]
    [InlineData("2021-03-15", false)]
    [InlineData("15.03.2021", false)]
    [InlineData("-1234.50", false)]
    public void A_phone_number_is_marked_as_one_and_a_date_or_plain_number_is_not(string value, bool expected) =>
        Assert.Equal(expected, ValuePatterns.IsPhone(value));
}

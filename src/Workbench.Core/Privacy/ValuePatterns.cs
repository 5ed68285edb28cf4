using System.Text.RegularExpressions;
using Workbench.Core.Profiling;

namespace Workbench.Core.Privacy;

/// <summary>What personal values look like. Each test is strict: a plain number or code must not pass for a phone or card.</summary>
public static partial class ValuePatterns
{
    public static bool IsEmail(string value) => Email().IsMatch(value);

    public static bool IsIban(string value)
    {
        var compact = value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (!Iban().IsMatch(compact))
            return false;
        // ISO 13616: move the country and check digits to the end, letters become 10..35, the number mod 97 is 1.
        var rearranged = compact[4..] + compact[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var digits = char.IsLetter(c) ? (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : c.ToString();
            foreach (var d in digits)
                remainder = (remainder * 10 + (d - '0')) % 97;
        }
        return remainder == 1;
    }

    /// <summary>13 to 19 digits (spaces or dashes between groups allowed) with a valid Luhn check digit.</summary>
    public static bool IsCardNumber(string value)
    {
        if (!CardShape().IsMatch(value))
            return false;
        var digits = value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19)
            return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    public static bool IsUsSocialSecurityNumber(string value) => Ssn().IsMatch(value);

    /// <summary>An international (+) or bracketed/separated number of 7 to 15 digits: a bare run of digits is not enough.</summary>
    public static bool IsPhone(string value)
    {
        // A date (2021-03-15, 15.03.2021) has the shape of a separated number.
        if (!PhoneShape().IsMatch(value) || TextValues.DateFormatOf(value) is not null)
            return false;
        var digits = value.Count(char.IsAsciiDigit);
        var marked = value.StartsWith('+') || value.Contains('(') || value.Contains(' ') || value.Contains('-');
        return marked && digits is >= 7 and <= 15;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")]
    private static partial Regex Iban();

    [GeneratedRegex(@"^[0-9]{4}([ -]?[0-9]{3,4}){2,4}$")]
    private static partial Regex CardShape();

    [GeneratedRegex("^[0-9]{3}-[0-9]{2}-[0-9]{4}$")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"^\+?[0-9 ()\-./]{7,22}$")]
    private static partial Regex PhoneShape();
}

using System.Security.Cryptography;
using System.Text;
using Workbench.Core.Profiling;

namespace Workbench.Core.Privacy;

/// <summary>
/// Hides a personal value while keeping what a steward needs to judge its quality: null stays null, blank stays blank,
/// the shape and length stay (<c>POL-0042</c> reads <c>AAA-9999</c>), and a short keyed hash follows, so two equal
/// values still look equal and a disagreement between sources is still visible as one. The hash is keyed (HMAC) with
/// the installation's secret: without it, nobody can test guesses (birth dates, phone numbers) against the tokens.
/// </summary>
public sealed class ValueMasker
{
    /// <summary>The hash's length in hexadecimal digits: 40 bits, so a collision among a million values is unlikely.</summary>
    private const int TokenDigits = 10;

    private readonly byte[] _key;

    public ValueMasker(byte[] key)
    {
        if (key.Length < 32)
            throw new ArgumentException("The masking key must hold at least 32 bytes.", nameof(key));
        _key = (byte[])key.Clone();
    }

    public string? Mask(string? value)
    {
        if (value is null)
            return null;
        if (string.IsNullOrWhiteSpace(value))
            return value;
        return $"{TextValues.Pattern(value)} #{Token(value)}";
    }

    /// <summary>The keyed hash alone: equal values give equal tokens.</summary>
    public string Token(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash)[..TokenDigits];
    }
}

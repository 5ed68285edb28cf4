using System.Security.Cryptography;
using System.Text;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// The key the demo's FAST API asks for in <see cref="Header"/>. It is the demo REST source's secret, so it is kept
/// encrypted in the store like any source secret and survives restarts; <see cref="DemoSeeder"/> hands it over on
/// start. Until then (or without a demo) no key is accepted.
/// </summary>
public sealed class DemoApiKey
{
    public const string Header = "X-Api-Key";

    private volatile byte[]? _hash;

    public void Use(string key) => _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares hashes in constant time, so the answer's timing says nothing about how much of a guess was right.</summary>
    public bool Accepts(string? presented)
    {
        var expected = _hash;
        if (expected is null || string.IsNullOrEmpty(presented))
            return false;
        return CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Workbench.Application.Sources;

/// <summary>Encrypts a source's secrets (one JSON object) with Data Protection; decrypts only to connect.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Workbench.Sources.Secrets.v1");

    public string? Protect(IReadOnlyDictionary<string, string> secrets) =>
        secrets.Count == 0 ? null : _protector.Protect(JsonSerializer.Serialize(secrets));

    public IReadOnlyDictionary<string, string> Unprotect(string? ciphertext) =>
        string.IsNullOrEmpty(ciphertext)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(ciphertext)) ?? [];

    /// <summary>What the browser may see of a secret: that it is set, never any of its characters.</summary>
    public static string Mask(bool isSet) => isSet ? "••••••••" : "";
}

using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Workbench.Storage.Secrets;

/// <summary>Encrypts each Data Protection key with the <see cref="MasterKey"/> (AES-256-GCM) before it is stored.</summary>
public sealed class MasterKeyXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    internal const string ElementName = "workbenchEncryptedKey";
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceLength + TagLength + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Bytes, TagLength))
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceLength + TagLength), sealedBytes.AsSpan(NonceLength, TagLength));
        return new EncryptedXmlInfo(new XElement(ElementName, Convert.ToBase64String(sealedBytes)), typeof(MasterKeyXmlDecryptor));
    }

    internal static XElement Decrypt(MasterKey key, XElement encryptedElement)
    {
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        if (sealedBytes.Length < NonceLength + TagLength)
            throw new CryptographicException("An encrypted key of the key ring is truncated.");
        var plaintext = new byte[sealedBytes.Length - NonceLength - TagLength];
        using (var aes = new AesGcm(key.Bytes, TagLength))
            aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength + TagLength), sealedBytes.AsSpan(NonceLength, TagLength), plaintext);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}

/// <summary>Named in each stored key; Data Protection creates it with the service provider to read the key back.</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = (MasterKey?)services.GetService(typeof(MasterKey))
            ?? throw new InvalidOperationException("No master key is registered, so the stored key ring cannot be read.");
        try
        {
            return MasterKeyXmlEncryptor.Decrypt(key, encryptedElement);
        }
        catch (CryptographicException ex)
        {
            throw new CryptographicException(
                $"The key ring in the store was encrypted with another master key than the one from {key.Origin}. " +
                "Use the original key file (or WORKBENCH_MASTER_KEY); otherwise re-enter the sources' secrets.", ex);
        }
    }
}

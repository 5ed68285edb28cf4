using System.Security.Cryptography;

namespace Workbench.Storage.Secrets;

/// <summary>
/// The key that encrypts the Data Protection key ring before it reaches the store. It lives outside the
/// database (a file, or the <c>WORKBENCH_MASTER_KEY</c> environment variable), so a copy of the store alone
/// does not reveal any source password or API token.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;
    public const string EnvironmentVariable = "WORKBENCH_MASTER_KEY";

    private readonly byte[] _key;

    private MasterKey(byte[] key, string origin) => (_key, Origin) = (key, origin);

    /// <summary>Where the key came from, for the start-up log (never the key itself).</summary>
    public string Origin { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>
    /// A key of its own for one <paramref name="purpose"/> (HKDF-SHA256), so a key used elsewhere (the keyed hash of
    /// masked values) never reveals this one, and every instance sharing the master key derives the same key.
    /// </summary>
    public byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, Length, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public static MasterKey FromBase64(string value, string origin)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The master key from {origin} is not base64.");
        }
        if (key.Length != Length)
            throw new InvalidOperationException($"The master key from {origin} must be {Length} bytes (base64 of {Length} random bytes); it is {key.Length}.");
        return new MasterKey(key, origin);
    }

    /// <summary>The environment variable when set; otherwise the file, created with a random key (owner-only) on first use.</summary>
    public static MasterKey Load(string? environmentValue, string file)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
            return FromBase64(environmentValue, EnvironmentVariable);
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
            Create(path);
        return FromBase64(File.ReadAllText(path), path);
    }

    // The key is written to a file of its own and then linked into place, so the path only ever names a whole key:
    // an instance starting at the same moment either finds none (and races to link its own) or reads a complete one.
    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var draft = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.new";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var writer = new StreamWriter(draft, options))
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length)));
            File.Move(draft, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance linked its key first; that key is the one to use.
        }
        finally
        {
            File.Delete(draft);
        }
    }
}

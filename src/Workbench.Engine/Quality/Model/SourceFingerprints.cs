using System.Security.Cryptography;
using System.Text;

namespace Workbench.Engine.Quality.Model;

/// <summary>
/// One fingerprint for the state of all sources of a view (each source gives its own: e.g. a table's row count
/// and last change, a file's size and modification time, an API's ETag). Order does not matter.
/// </summary>
public static class SourceFingerprints
{
    public static string Combine(IReadOnlyDictionary<string, string> bySource)
    {
        var text = string.Join('\n', bySource.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Key + "=" + x.Value));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Migrations.Legacy;

/// <summary>One ordered schema file, e.g. <c>0001_foundation.sql</c>.</summary>
public sealed partial record MigrationFile(int Version, string Name, string Sql, string Checksum)
{
    [GeneratedRegex(@"^(?<version>\d{4})_[A-Za-z0-9_\-]+\.sql$")]
    private static partial Regex FileNamePattern();

    public static bool TryParseVersion(string fileName, out int version)
    {
        var match = FileNamePattern().Match(fileName);
        version = match.Success ? int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    public static MigrationFile FromText(string fileName, string sql)
    {
        if (!TryParseVersion(fileName, out var version))
            throw new InvalidOperationException($"Migration file name '{fileName}' does not look like 0001_name.sql.");
        return new MigrationFile(version, fileName, sql, ChecksumOf(sql));
    }

    /// <summary>
    /// SHA-256 of the file with line endings folded to LF, so a checkout that rewrites line endings
    /// is not mistaken for an edit.
    /// </summary>
    public static string ChecksumOf(string sql)
    {
        var normalised = sql.Replace("\r\n", "\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}

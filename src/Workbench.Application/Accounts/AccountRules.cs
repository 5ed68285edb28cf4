using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Workbench.Core.Text;

namespace Workbench.Application.Accounts;

/// <summary>What a user name, display name, password and role set must look like.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 10;

    public static string UserName(string? value)
    {
        var name = (value ?? "").Trim();
        if (!UserNamePattern().IsMatch(name))
            throw new AccountValidationException("A user name is 1 to 64 letters, digits, dots, dashes, underscores or @.");
        return name;
    }

    public static string DisplayName(string? value, string fallback)
    {
        if (UserText.Problem(value, "The display name") is { } problem)
            throw new AccountValidationException(problem);
        var name = (value ?? "").Trim();
        if (name.Length == 0)
            return fallback;
        if (name.Length > 100)
            throw new AccountValidationException("A display name is at most 100 characters.");
        return name;
    }

    public static string Password(string? value)
    {
        if (value is null || value.Length < MinPasswordLength)
            throw new AccountValidationException($"A password has at least {MinPasswordLength} characters.");
        if (value.Length > 200)
            throw new AccountValidationException("A password has at most 200 characters.");
        return value;
    }

    public static string[] RoleSet(IEnumerable<string> roles)
    {
        var set = roles.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();
        var unknown = set.FirstOrDefault(r => !Roles.IsKnown(r));
        if (unknown is not null)
            throw new AccountValidationException($"Unknown role '{unknown}'; the roles are {string.Join(", ", Roles.All)}.");
        return set;
    }

    /// <summary>A random password for a new or reset account, shown once to whoever asked for it.</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    public static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserNamePattern();
}

public sealed class AccountValidationException(string message) : Exception(message);

/// <summary>The current user lacks the role an action needs; the attempt is audited as denied.</summary>
public sealed class AccountPermissionException(string message) : Exception(message);

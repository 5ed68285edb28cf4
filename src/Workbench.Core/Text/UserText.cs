namespace Workbench.Core.Text;

/// <summary>
/// PostgreSQL text and jsonb cannot hold the NUL character (U+0000); a value holding one fails its statement with
/// error 22021 or 22P05. Every service that stores or searches text a user typed asks here first, so the user reads
/// which field to correct instead of the database's error.
/// </summary>
public static class UserText
{
    /// <summary>Why <paramref name="value"/> cannot be stored, naming <paramref name="field"/> (e.g. "The source name"), or null.</summary>
    public static string? Problem(string? value, string field) =>
        value is not null && value.Contains('\0') ? Refusal(field) : null;

    /// <summary>The first problem among <paramref name="values"/>, each named by its field.</summary>
    public static string? Problem(IEnumerable<(string? Value, string Field)> values) =>
        values.Select(v => Problem(v.Value, v.Field)).FirstOrDefault(p => p is not null);

    public static string Refusal(string field) =>
        $"{field} holds a NUL character (\\u0000), which the workbench cannot store; remove it and try again.";

    /// <summary>For callers without a refusal of their own (searches and filters): throws <see cref="UnstorableTextException"/>.</summary>
    public static void Check(string? value, string field)
    {
        if (Problem(value, field) is { } problem)
            throw new UnstorableTextException(problem);
    }
}

/// <summary>Text that PostgreSQL cannot hold; the message names the field.</summary>
public sealed class UnstorableTextException(string message) : ArgumentException(message);

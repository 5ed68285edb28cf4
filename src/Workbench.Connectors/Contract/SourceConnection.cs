using System.Globalization;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Contract;

/// <summary>
/// Everything a connector needs to reach one source: plain settings (host, URL, delimiter...) and secrets
/// (passwords, tokens), decrypted only for the duration of a call and never written to logs or messages.
/// </summary>
public sealed record SourceConnection(
    SourceKind Kind,
    IReadOnlyDictionary<string, string?> Settings,
    IReadOnlyDictionary<string, string> Secrets,
    MalformedRecordPolicy MalformedRecords = MalformedRecordPolicy.Fail)
{
    public string? Text(string key) => Settings.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public string Text(string key, string fallback) => Text(key) ?? fallback;

    public string Required(string key, string label) =>
        Text(key) ?? throw new SourceException($"{label} is required.");

    public int Int(string key, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = Text(key);
        if (text is null)
            return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new SourceException($"Setting '{key}' must be a whole number from {min} to {max}, not '{text}'.");
        return value;
    }

    public bool Bool(string key, bool fallback) => Text(key) is { } t ? t is "true" or "True" or "1" or "yes" : fallback;

    public string? Secret(string key) => Secrets.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    /// <summary>The source's timeout for one request or connection attempt (setting <c>timeoutSeconds</c>, 10 s by default).</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(Int(CommonSettings.TimeoutSeconds, 10, 1, 600));
}

public static class CommonSettings
{
    public const string TimeoutSeconds = "timeoutSeconds";
}

/// <summary>Where a dataset lives inside its source (schema + table, SQL query, API path, file), as key/values stored with it.</summary>
public sealed record DatasetLocator(IReadOnlyDictionary<string, string?> Values)
{
    public DatasetLocator(params (string Key, string? Value)[] values)
        : this(values.ToDictionary(v => v.Key, v => v.Value))
    {
    }

    /// <summary>
    /// The dataset's field names as last discovered, for sources whose records do not all carry every
    /// field (JSON): rows then have exactly these fields. Inferred from the first records when null.
    /// </summary>
    public IReadOnlyList<string>? Fields { get; init; }

    public string? this[string key] => Values.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;
}

/// <summary>A failure the user can act on; the message is safe to show and to log.</summary>
public class SourceException(string message, Exception? inner = null) : Exception(message, inner);

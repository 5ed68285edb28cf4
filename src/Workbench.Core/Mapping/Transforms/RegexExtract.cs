using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Keeps the part of the text matched by a group of a regular expression (group 0: the whole match).</summary>
public sealed record RegexExtract(string Pattern, int Group = 1) : Transform
{
    // Patterns come from stewards; a bounded match time keeps one bad pattern from stalling a preview.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex?> Compiled = new(StringComparer.Ordinal);

    public override FieldType OutputType(FieldType input) => FieldType.Text;

    public override string Describe() => $"extract /{Pattern}/ group {Group}";

    public override TransformResult Apply(object? value, TransformContext context)
    {
        var text = ValueText.Of(value);
        if (text is null)
            return TransformResult.Ok(null);
        if (Regex() is not { } regex)
            return TransformResult.Fail($"invalid pattern /{Pattern}/");
        try
        {
            var match = regex.Match(text);
            if (!match.Success)
                return TransformResult.Fail($"\"{text}\" does not match /{Pattern}/");
            if (Group < 0 || Group >= match.Groups.Count)
                return TransformResult.Fail($"the pattern has no group {Group}");
            return TransformResult.Ok(match.Groups[Group].Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return TransformResult.Fail($"/{Pattern}/ took too long on \"{text}\"");
        }
    }

    private Regex? Regex() => Compiled.GetOrAdd(Pattern, static pattern =>
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    });
}

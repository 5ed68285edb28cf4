using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Streaming;

/// <summary>Evaluates one rule on merged values; <see cref="RuleKind.Unique"/> is settled at the end from the value counts it keeps.</summary>
internal sealed class RuleChecker
{
    private readonly Regex? _pattern;
    private readonly HashSet<string>? _set;
    private readonly Dictionary<string, int>? _seen;

    public RuleChecker(QualityRule rule, int fieldIndex)
    {
        rule.Validate();
        Rule = rule;
        FieldIndex = fieldIndex;
        _pattern = rule.Kind == RuleKind.Pattern ? new Regex(rule.Pattern!, RegexOptions.CultureInvariant) : null;
        _set = rule.Kind == RuleKind.InSet ? new HashSet<string>(rule.Values!, StringComparer.Ordinal) : null;
        _seen = rule.Kind == RuleKind.Unique ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
    }

    public QualityRule Rule { get; }

    public int FieldIndex { get; }

    public long Failures { get; private set; }

    /// <summary>Checks a merged value; true when the rule fails (unique never fails here, see <see cref="Finish"/>).</summary>
    public bool Check(object? value)
    {
        var failed = Fails(value);
        if (failed)
            Failures++;
        return failed;
    }

    /// <summary>Unique: every key whose value some other key also has is a failure.</summary>
    public void Finish()
    {
        if (_seen is null)
            return;
        foreach (var count in _seen.Values)
            if (count > 1)
                Failures += count;
        _seen.Clear();
    }

    private bool Fails(object? value)
    {
        if (value is null)
            return Rule.Kind == RuleKind.NotNull;
        var text = ValueText.Of(value)!;
        switch (Rule.Kind)
        {
            case RuleKind.NotNull:
                return false;
            case RuleKind.Unique:
                _seen![text] = _seen.GetValueOrDefault(text) + 1;
                return false;
            case RuleKind.Pattern:
                return !_pattern!.IsMatch(text);
            case RuleKind.InSet:
                return !_set!.Contains(text);
            case RuleKind.Between:
                return !NumberText.Decimal().IsMatch(text)
                    || decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) is var n && (n < Rule.Min || n > Rule.Max);
            case RuleKind.ValidDate:
                return !DateFormats.TryParseAny(text.Trim(' '), Rule.Formats!, out _);
            case RuleKind.LengthBetween:
                return text.Length < Rule.Min || text.Length > Rule.Max;
            default:
                throw new InvalidOperationException($"Unknown rule kind {Rule.Kind}.");
        }
    }
}

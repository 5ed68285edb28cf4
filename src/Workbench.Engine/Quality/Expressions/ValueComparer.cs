namespace Workbench.Engine.Quality.Expressions;

/// <summary>
/// When two sources disagree on a field: numbers differ by more than the tolerance, dates differ, anything
/// else differs as text once leading and trailing spaces are removed (case matters). The pushdown SQL
/// compares the same way.
/// </summary>
public static class ValueComparer
{
    public static bool Differ(object a, object b, decimal tolerance)
    {
        if (ValueText.TryNumber(a, out var x) && ValueText.TryNumber(b, out var y))
            return Math.Abs(x - y) > tolerance;
        if (a is DateOnly da && b is DateOnly db)
            return da != db;
        return !string.Equals(ValueText.Of(a)!.Trim(' '), ValueText.Of(b)!.Trim(' '), StringComparison.Ordinal);
    }
}

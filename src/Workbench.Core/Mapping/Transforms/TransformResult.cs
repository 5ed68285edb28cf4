namespace Workbench.Core.Mapping.Transforms;

/// <summary>
/// The outcome of a transform on one value: a value (possibly null), or the reason it failed. Failures are
/// counted and reported; they never escape as exceptions.
/// </summary>
public readonly record struct TransformResult(object? Value, string? Failure)
{
    public bool Failed => Failure is not null;

    public static TransformResult Ok(object? value) => new(value, null);

    public static TransformResult Fail(string reason) => new(null, reason);
}

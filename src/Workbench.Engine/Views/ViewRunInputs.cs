using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Views;

/// <summary>
/// What one run of a view reads: the engine definition, one row stream per dataset (in view order), and per
/// dataset its id and a fingerprint (keyed by the side's name, the dataset's qualified name).
/// </summary>
public sealed record ViewRunInputs(
    QualityDefinition Definition,
    IReadOnlyList<IAsyncEnumerable<HarmonisedRow>> Sides,
    IReadOnlyList<ViewRunDataset> Datasets,
    IReadOnlyDictionary<string, string> SourceFingerprints);

/// <summary>One dataset of a run: its qualified name, catalog id, join key fields and the target fields it feeds (in row value order).</summary>
public sealed record ViewRunDataset(string Name, Guid DatasetId, IReadOnlyList<string> KeyFields, IReadOnlyList<string> TargetFields);

/// <summary>
/// A view that cannot be run as it stands, with a sentence a steward can act on (dataset missing from the
/// catalog, no join key, datasets joined on different keys, unmapped required field ...).
/// </summary>
public sealed class ViewRunException(string message) : Exception(message);

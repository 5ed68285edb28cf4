using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Workbench.Core.Mapping;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using QualityField = Workbench.Engine.Quality.Model.TargetField;

namespace Workbench.Engine.Views;

/// <summary>
/// Turns a stored view into what the quality engine (and materialization) reads: each dataset of the view is a
/// side named by its qualified name, joined on the key its relationships give it, feeding the target fields its
/// fields are mapped to (precedence from the order of the mapping's sources). Rows are streamed from the
/// catalog's reader with only the fields needed; nothing is read until a side is enumerated.
/// </summary>
public sealed class ViewRunInputsBuilder(IDatasetCatalog catalog, IDatasetReader reader)
{
    public async Task<ViewRunInputs> BuildAsync(
        ViewSpec spec, QualityOptions? options = null, ReadDiagnostics? diagnostics = null, CancellationToken cancellationToken = default)
    {
        if (spec.Datasets.Count == 0)
            throw new ViewRunException($"The view '{spec.Name}' has no datasets: add the datasets to compare.");
        if (spec.Datasets.Count > QualityDefinition.MaxSides)
            throw new ViewRunException($"The view '{spec.Name}' has {spec.Datasets.Count} datasets; a preview joins at most {QualityDefinition.MaxSides}.");
        if (spec.Datasets.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ViewRunException($"'{twice.Key}' is in the view twice: remove one of them.");

        var datasets = await ResolveAsync(spec, cancellationToken);
        var keys = ViewJoinKeys.Resolve(spec);
        CheckMappings(spec, datasets);

        var sides = spec.Datasets.Select(d => Side(spec, d.Name, keys[d.Name])).ToList();
        var definition = new QualityDefinition(
            sides.Select(s => new QualitySide(s.Dataset, s.Targets.Select(t => t.Target).ToList())).ToList(),
            MappedTargets(spec).Select(m => new QualityField(m.Target, Precedence: m.Sources.Select(s => s.Field.Dataset).Distinct().ToList())).ToList(),
            Rules(spec),
            options ?? new QualityOptions());
        try
        {
            definition.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ViewRunException(ex.Message);
        }

        return new ViewRunInputs(
            definition,
            sides.Select(s => ReadSideAsync(s, datasets[s.Dataset].Id, diagnostics)).ToList(),
            sides.Select(s => new ViewRunDataset(s.Dataset, datasets[s.Dataset].Id, s.KeyFields, s.Targets.Select(t => t.Target).ToList())).ToList(),
            sides.ToDictionary(s => s.Dataset, s => Fingerprint(datasets[s.Dataset], s.Projection)));
    }

    private async Task<Dictionary<string, DatasetDescriptor>> ResolveAsync(ViewSpec spec, CancellationToken cancellationToken)
    {
        var catalogued = (await catalog.ListDatasetsAsync(cancellationToken))
            .GroupBy(d => d.QualifiedName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new Dictionary<string, DatasetDescriptor>(StringComparer.Ordinal);
        foreach (var dataset in spec.Datasets)
            found[dataset.Name] = catalogued.GetValueOrDefault(dataset.Name) ?? throw new ViewRunException(
                $"The dataset '{dataset.Name}' is not in the catalog: its source was removed or renamed, or the dataset is no longer discovered. " +
                "Register the source again or replace the dataset in the view.");
        return found;
    }

    private static void CheckMappings(ViewSpec spec, Dictionary<string, DatasetDescriptor> datasets)
    {
        var targets = spec.Target.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var mapping in spec.Mappings)
        {
            if (!targets.Contains(mapping.Target))
                throw new ViewRunException($"The mapping to '{mapping.Target}' names a field that is not in the target schema: add it to the target or remove the mapping.");
            foreach (var source in mapping.Sources)
                RequireField(datasets, source.Field, $"mapped to '{mapping.Target}'");
        }
        foreach (var relationship in spec.Relationships)
            foreach (var key in relationship.Keys)
            {
                RequireField(datasets, new FieldRef(relationship.Left, key.LeftField), "a join key");
                RequireField(datasets, new FieldRef(relationship.Right, key.RightField), "a join key");
            }
        foreach (var target in spec.Target.Where(t => t.Required))
            if (spec.MappingFor(target.Name) is not { Sources.Count: > 0 })
                throw new ViewRunException($"The required target field '{target.Name}' is not mapped: connect a source field to it before previewing.");
    }

    private static void RequireField(Dictionary<string, DatasetDescriptor> datasets, FieldRef field, string role)
    {
        if (!datasets.TryGetValue(field.Dataset, out var dataset))
            throw new ViewRunException($"'{field}', {role}, is in '{field.Dataset}', which is not a dataset of the view: add the dataset or remove the mapping.");
        if (!dataset.Fields.Any(f => string.Equals(f.Name, field.Field, StringComparison.Ordinal)))
            throw new ViewRunException($"'{field}', {role}, no longer exists in '{field.Dataset}': map another field or discover the dataset's fields again.");
    }

    private static IEnumerable<MappingEntry> MappedTargets(ViewSpec spec) =>
        spec.Target.Select(t => spec.MappingFor(t.Name)).OfType<MappingEntry>().Where(m => m.Sources.Count > 0);

    private static ViewSideMapping Side(ViewSpec spec, string dataset, IReadOnlyList<string> keyFields) =>
        new(dataset, keyFields, MappedTargets(spec)
            .Select(m => m with { Sources = m.Sources.Where(s => s.Field.Dataset == dataset).ToList() })
            .Where(m => m.Sources.Count > 0)
            .ToList());

    private static List<QualityRule> Rules(ViewSpec spec)
    {
        var mapped = MappedTargets(spec).Select(m => m.Target).ToHashSet(StringComparer.Ordinal);
        return spec.Rules.Select(rule => mapped.Contains(rule.Field)
            ? ViewRules.ToQualityRule(rule)
            : throw new ViewRunException($"The rule '{rule.Kind}' is on '{rule.Field}', which no source field is mapped to: map it or remove the rule.")).ToList();
    }

    private async IAsyncEnumerable<HarmonisedRow> ReadSideAsync(
        ViewSideMapping side, Guid datasetId, ReadDiagnostics? diagnostics, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in reader.ReadAsync(datasetId, new ReadRequest(side.Projection), diagnostics, cancellationToken))
            yield return side.Harmonise(row);
    }

    /// <summary>
    /// The dataset's id, its schema as the catalog describes it and the fields this run reads: a rename, a new
    /// type or a changed projection gives a new fingerprint. It does not see changes to the rows themselves (the
    /// catalog offers no cheap marker such as a row count or a modification time), so a cached report can be
    /// older than the data; "run again" bypasses the cache.
    /// </summary>
    private static string Fingerprint(DatasetDescriptor dataset, IReadOnlyList<string> projection)
    {
        var text = new StringBuilder().Append(dataset.Id).Append('|').Append(dataset.SourceId);
        foreach (var field in dataset.Fields)
            text.Append('|').Append(field.Name).Append(':').Append(field.Type).Append(field.Nullable ? "?" : "");
        text.Append("|read:").AppendJoin(',', projection);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

using Workbench.Core.Lineage;
using Workbench.Core.Mapping;
using Workbench.Core.Sql;
using LineageField = Workbench.Core.Lineage.FieldRef;

namespace Workbench.Application.Materialize;

/// <summary>What a materialization run records in lineage: the view's datasets, the table, and a column edge per mapped source field.</summary>
public static class MaterializeLineage
{
    /// <summary>A table in the workbench's own database.</summary>
    public static DatasetRef Table(TableName table) => new(LineageNamespaces.Tables, table.ToString());

    /// <summary>Datasets as discovery names them (<c>source.dataset</c> in the workbench namespace), so the run joins their nodes.</summary>
    public static IReadOnlyList<DatasetRef> Inputs(ViewSpec spec) =>
        spec.Datasets.Select(d => new DatasetRef(LineageNamespaces.Workbench, d.Name)).ToList();

    /// <summary>The view's target schema, where approval records the mapping's column edges.</summary>
    public static DatasetRef Target(ViewSpec spec) => new(LineageNamespaces.Targets, spec.Name);

    /// <summary>Each target column from each source field that feeds it, with its transforms in order (none: a plain copy).</summary>
    public static IReadOnlyList<ColumnEdge> ColumnEdges(ViewSpec spec, DatasetRef destination)
    {
        return spec.Mappings
            .Where(m => spec.Target.Any(t => t.Name == m.Target))
            .SelectMany(m => m.Sources.Select(source => new ColumnEdge(
                new LineageField(new DatasetRef(LineageNamespaces.Workbench, source.Field.Dataset), source.Field.Field),
                new LineageField(destination, m.Target),
                source.Transforms.Count == 0 ? null : string.Join(" → ", source.Transforms.Select(t => t.Describe())))))
            .ToList();
    }

    /// <summary>The run's job name: readable on the lineage page, one per view version and table (<see cref="MaterializeDestination.Describe()"/>).</summary>
    public static string JobName(ViewSpec spec, int version, string destination) => $"materialize {spec.Name} v{version} → {destination}";

    /// <summary>The key approval gives the version's mapping edges (<see cref="ViewVersionRef.Key"/>), so the run links to it.</summary>
    public static string VersionKey(Guid viewId, int version) => $"{viewId}@v{version}";
}

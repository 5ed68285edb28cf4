namespace Workbench.Core.Lineage;

/// <summary>The kinds of node, spelled as the store spells them.</summary>
public static class LineageNodeKind
{
    public const string Source = "source";
    public const string Dataset = "dataset";
    public const string Field = "field";
    public const string ViewVersion = "view_version";
    public const string JobRun = "job_run";
    public const string Table = "table";
    public const string Column = "column";

    public static bool IsColumnLevel(string kind) => kind is Field or Column;
}

/// <summary>The kinds of edge: structure (<c>contains</c>) and flow (the rest).</summary>
public static class LineageEdgeKind
{
    public const string Contains = "contains";
    public const string Maps = "maps";
    public const string Input = "input";
    public const string Output = "output";
}

/// <summary>Which edges a walk follows: field-to-column mappings, or datasets through views and runs into tables.</summary>
public enum LineageLevel
{
    Column,
    Dataset,
}

public enum LineageDirection
{
    Upstream,
    Downstream,
}

/// <summary>The namespaces the workbench names its own things in.</summary>
public static class LineageNamespaces
{
    public const string Workbench = "workbench";
    public const string Jobs = "workbench.jobs";
    public const string Views = "workbench.views";

    /// <summary>A view's target schema as its approved mapping defines it, named after the view.</summary>
    public const string Targets = "workbench.targets";

    /// <summary>Tables the workbench writes in its own database (materialized views), named <c>schema.table</c>.</summary>
    public const string Tables = "workbench.tables";
}

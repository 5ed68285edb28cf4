using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Web.Mapping;

/// <summary>
/// Where everything sits on the canvas, computed on the server so connectors can be drawn without measuring
/// the DOM: datasets as columns of field cards stacked on the left, the target schema on the right.
/// </summary>
public sealed class CanvasLayout
{
    public const double CardWidth = 250;

    /// <summary>What fits in a card header beside the collapse button at the title's font size.</summary>
    private const int TitleChars = 30;
    public const double RowHeight = 28;
    public const double HeaderHeight = 36;
    public const double DatasetGap = 18;
    public const double TargetGap = 260;

    public sealed record Column(string Dataset, double X, double Y, bool Collapsed, IReadOnlyList<FieldSchema> Fields, bool Missing)
    {
        public double FieldY(int index) => Y + HeaderHeight + index * RowHeight;
    }

    public sealed record Point(double X, double Y);

    private readonly Dictionary<FieldRef, Point> _sourcePorts = new();
    private readonly Dictionary<string, Point> _targetPorts = new(StringComparer.Ordinal);

    public CanvasLayout(ViewSpec spec, IReadOnlyDictionary<string, DatasetDescriptor> datasets, IReadOnlySet<string> collapsed)
    {
        // Datasets stack on the left, one column of cards each, so no connector crosses another dataset's cards.
        var columns = new List<Column>();
        var top = 10.0;
        foreach (var dataset in spec.Datasets)
        {
            var found = datasets.TryGetValue(dataset.Name, out var descriptor);
            var fields = descriptor?.Fields ?? [];
            var isCollapsed = collapsed.Contains(dataset.Name);
            var column = new Column(dataset.Name, 10, top, isCollapsed, fields, !found);
            columns.Add(column);
            for (var i = 0; i < fields.Count; i++)
            {
                // A collapsed dataset keeps its connectors, drawn from its header.
                var y = isCollapsed ? top + HeaderHeight / 2 - 2 : column.FieldY(i) + RowHeight / 2;
                _sourcePorts[new FieldRef(dataset.Name, fields[i].Name)] = new Point(10 + CardWidth, y);
            }
            top += HeaderHeight + (isCollapsed ? 0 : fields.Count * RowHeight) + DatasetGap;
        }
        Columns = columns;
        TargetX = 10 + CardWidth + TargetGap;
        for (var i = 0; i < spec.Target.Count; i++)
            _targetPorts[spec.Target[i].Name] = new Point(TargetX, TargetY(i) + RowHeight / 2);
        Width = TargetX + CardWidth + 20;
        Height = Math.Max(top, TargetY(spec.Target.Count)) + 10;
    }

    public IReadOnlyList<Column> Columns { get; }

    public double TargetX { get; }

    public double Width { get; }

    public double Height { get; }

    public static double TargetY(int index) => 10 + HeaderHeight + index * RowHeight;

    public Point? SourcePort(FieldRef field) => _sourcePorts.TryGetValue(field, out var p) ? p : null;

    public Point? TargetPort(string target) => _targetPorts.TryGetValue(target, out var p) ? p : null;

    /// <summary>A cubic curve leaving the source to the right and entering the target from the left.</summary>
    public static string Curve(Point from, Point to)
    {
        var bend = Math.Max(40, (to.X - from.X) / 2);
        return FormattableString.Invariant($"M {from.X:0.#} {from.Y:0.#} C {from.X + bend:0.#} {from.Y:0.#}, {to.X - bend:0.#} {to.Y:0.#}, {to.X:0.#} {to.Y:0.#}");
    }

    /// <summary>
    /// A qualified name too long for the header keeps its start (the source) and its end (the dataset), so
    /// two datasets of one source stay distinguishable; the full name is the SVG title (tooltip).
    /// </summary>
    public static string FitTitle(string name)
    {
        if (name.Length <= TitleChars)
            return name;
        var tail = TitleChars / 2;
        return name[..(TitleChars - tail - 1)] + "…" + name[^tail..];
    }
}

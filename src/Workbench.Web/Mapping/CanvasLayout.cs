using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Web.Mapping;

/// <summary>
/// Where everything sits on the canvas, computed on the server so connectors can be drawn without measuring
/// the DOM: datasets as columns of field cards on the left, the target schema on the right.
/// </summary>
public sealed class CanvasLayout
{
    public const double CardWidth = 220;
    public const double RowHeight = 28;
    public const double HeaderHeight = 36;
    public const double ColumnGap = 70;
    public const double TargetGap = 180;

    public sealed record Column(string Dataset, double X, bool Collapsed, IReadOnlyList<FieldSchema> Fields, bool Missing);

    public sealed record Point(double X, double Y);

    private readonly Dictionary<FieldRef, Point> _sourcePorts = new();
    private readonly Dictionary<string, Point> _targetPorts = new(StringComparer.Ordinal);

    public CanvasLayout(ViewSpec spec, IReadOnlyDictionary<string, DatasetDescriptor> datasets, IReadOnlySet<string> collapsed)
    {
        var columns = new List<Column>();
        var x = 10.0;
        var tallest = 1;
        foreach (var dataset in spec.Datasets)
        {
            var found = datasets.TryGetValue(dataset.Name, out var descriptor);
            var fields = descriptor?.Fields ?? [];
            var isCollapsed = collapsed.Contains(dataset.Name);
            columns.Add(new Column(dataset.Name, x, isCollapsed, fields, !found));
            for (var i = 0; i < fields.Count; i++)
            {
                // A collapsed dataset keeps its connectors, drawn from its header.
                var y = isCollapsed ? 10 + HeaderHeight / 2 : RowY(i) + RowHeight / 2;
                _sourcePorts[new FieldRef(dataset.Name, fields[i].Name)] = new Point(x + CardWidth, y);
            }
            tallest = Math.Max(tallest, isCollapsed ? 0 : fields.Count);
            x += CardWidth + ColumnGap;
        }
        Columns = columns;
        TargetX = Math.Max(x - ColumnGap + TargetGap, 10 + CardWidth + TargetGap);
        for (var i = 0; i < spec.Target.Count; i++)
            _targetPorts[spec.Target[i].Name] = new Point(TargetX, RowY(i) + RowHeight / 2);
        Width = TargetX + CardWidth + 20;
        Height = RowY(Math.Max(tallest, spec.Target.Count)) + 20;
    }

    public IReadOnlyList<Column> Columns { get; }

    public double TargetX { get; }

    public double Width { get; }

    public double Height { get; }

    public static double RowY(int index) => 10 + HeaderHeight + index * RowHeight;

    public Point? SourcePort(FieldRef field) => _sourcePorts.TryGetValue(field, out var p) ? p : null;

    public Point? TargetPort(string target) => _targetPorts.TryGetValue(target, out var p) ? p : null;

    /// <summary>A cubic curve leaving the source to the right and entering the target from the left.</summary>
    public static string Curve(Point from, Point to)
    {
        var bend = Math.Max(40, (to.X - from.X) / 2);
        return FormattableString.Invariant($"M {from.X:0.#} {from.Y:0.#} C {from.X + bend:0.#} {from.Y:0.#}, {to.X - bend:0.#} {to.Y:0.#}, {to.X:0.#} {to.Y:0.#}");
    }
}

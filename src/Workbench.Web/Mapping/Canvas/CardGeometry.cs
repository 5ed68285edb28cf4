using Blazor.Diagrams.Core.Geometry;

namespace Workbench.Web.Mapping.Canvas;

/// <summary>
/// The fixed measures of a field card. Port positions are computed from them instead of measured in the browser,
/// so 800 ports cost no round trips and links are drawn on the first paint; canvas.css uses the same figures.
/// </summary>
public static class CardGeometry
{
    public const double Width = 250;
    public const double HeaderHeight = 36;
    public const double RowHeight = 28;
    public const double PortSize = 12;
    public const double DatasetGap = 18;
    public const double TargetGap = 260;
    public const double Margin = 10;

    /// <summary>What fits in a card header beside the collapse button at the title's font size.</summary>
    private const int TitleChars = 30;

    public static Size Size(int rows, bool collapsed) => new(Width, HeaderHeight + (collapsed ? 0 : rows * RowHeight));

    /// <summary>Where a field's port sits relative to its card: half outside the right edge (sources) or the left edge (target).</summary>
    public static Point FieldPort(int row, bool target) =>
        new(target ? -PortSize / 2 : Width - PortSize / 2, HeaderHeight + row * RowHeight + (RowHeight - PortSize) / 2);

    /// <summary>A collapsed dataset draws its links from its header.</summary>
    public static Point HeaderPort => new(Width - PortSize / 2, (HeaderHeight - PortSize) / 2);

    /// <summary>The middle of a field's row (or of the header when collapsed), relative to its card.</summary>
    public static Point RowCentre(int row, bool collapsed) =>
        collapsed ? new Point(Width / 2, HeaderHeight / 2) : new Point(Width / 2, HeaderHeight + row * RowHeight + RowHeight / 2);

    /// <summary>
    /// A qualified name too long for the header keeps its start (the source) and its end (the dataset), so two
    /// datasets of one source stay distinguishable; the full name is the header's tooltip.
    /// </summary>
    public static string FitTitle(string name)
    {
        if (name.Length <= TitleChars)
            return name;
        var tail = TitleChars / 2;
        return name[..(TitleChars - tail - 1)] + "…" + name[^tail..];
    }
}

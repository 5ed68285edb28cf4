using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Workbench.Core.Mapping;

namespace Workbench.Web.Mapping.Canvas;

/// <summary>One row of a card as drawn: everything the widget shows, so a card re-renders only when a row changes.</summary>
public sealed record FieldRow(string Name, string Type, bool Required, bool Hit, bool Picked, bool Invalid, bool Mapped);

/// <summary>A dataset or the target schema: a card with one port per field.</summary>
public sealed class FieldCardNode : NodeModel
{
    private readonly Dictionary<string, FieldPort> byName;

    public FieldCardNode(string id, string title, bool isTarget, bool missing, IReadOnlyList<(string Name, string Type)> fields)
        : base(id)
    {
        ControlledSize = true;
        Title = title;
        IsTarget = isTarget;
        Missing = missing;
        Signature = string.Join('\n', fields.Select(f => $"{f.Name}\t{f.Type}"));
        Types = fields.Select(f => f.Type).ToList();
        var ports = new List<FieldPort>(fields.Count);
        for (var i = 0; i < fields.Count; i++)
            ports.Add((FieldPort)AddPort(new FieldPort(this, i, fields[i].Name, isTarget)));
        FieldPorts = ports;
        byName = ports.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (!isTarget)
            HeaderPort = (FieldPort)AddPort(new FieldPort(this, -1, "", false) { Locked = true });
        Rows = [];
        Size = CardGeometry.Size(fields.Count, false);
    }

    public bool IsTarget { get; }

    public bool Missing { get; }

    /// <summary>The fields the card was built from; a card is rebuilt when they change.</summary>
    public string Signature { get; }

    public IReadOnlyList<FieldPort> FieldPorts { get; }

    /// <summary>Each field's type as shown, by row.</summary>
    public IReadOnlyList<string> Types { get; }

    public FieldPort? HeaderPort { get; }

    public bool Collapsed { get; private set; }

    public IReadOnlyList<FieldRow> Rows { get; private set; }

    /// <summary>Bumped whenever what the widget draws changes; moving or selecting the card does not bump it.</summary>
    public int Version { get; private set; }

    public FieldPort? PortOf(string field) => byName.GetValueOrDefault(field);

    /// <summary>Returns whether anything drawn changed (then the card and its links must be refreshed).</summary>
    public bool Update(IReadOnlyList<FieldRow> rows, bool collapsed)
    {
        var resized = collapsed != Collapsed;
        if (!resized && rows.SequenceEqual(Rows))
            return false;
        Rows = rows;
        Collapsed = collapsed;
        Version++;
        if (resized)
            Size = CardGeometry.Size(FieldPorts.Count, collapsed);
        return true;
    }

    /// <summary>Ports follow their card; computed, not measured (see <see cref="CardGeometry"/>).</summary>
    public void PlacePorts()
    {
        foreach (var port in FieldPorts)
            Place(port, CardGeometry.FieldPort(port.Row, IsTarget));
        if (HeaderPort is not null)
            Place(HeaderPort, CardGeometry.HeaderPort);
    }

    private void Place(PortModel port, Point offset)
    {
        port.Position = new Point(Position.X + offset.X, Position.Y + offset.Y);
        port.Size = new Blazor.Diagrams.Core.Geometry.Size(CardGeometry.PortSize, CardGeometry.PortSize);
        port.Initialized = true;
    }
}

/// <summary>A field's port: sources on the right of a dataset card, targets on the left of the target card.</summary>
public sealed class FieldPort(FieldCardNode card, int row, string fieldName, bool isTarget)
    : PortModel(card, isTarget ? PortAlignment.Left : PortAlignment.Right)
{
    public FieldCardNode Card => card;

    /// <summary>The field's index on its card; -1 for a dataset's header port.</summary>
    public int Row => row;

    public string Field => fieldName;

    public bool IsTarget => isTarget;

    public FieldRef? Source => isTarget || row < 0 ? null : new FieldRef(card.Id, fieldName);

    /// <summary>A link runs from a source field to a target field, never the other way or between sources.</summary>
    public override bool CanAttachTo(ILinkable other) =>
        !isTarget && row >= 0 && other is FieldPort { IsTarget: true };
}

/// <summary>One source of one target mapping, drawn as a link with its transform chain and precedence.</summary>
public sealed class MappingLink : LinkModel
{
    public MappingLink(Anchor source, Anchor target) : base(source, target)
    {
    }

    /// <summary>The connection in the view spec this link draws; null while it is being dragged or until the spec has it.</summary>
    public (FieldRef Source, string Target)? Key { get; set; }

    /// <summary>A connection made by dragging, waiting for the view spec to take it.</summary>
    public (FieldRef Source, string Target)? Pending { get; set; }

    public LinkLook Look { get; set; } = LinkLook.None;
}

/// <summary>What a link shows besides its path.</summary>
public sealed record LinkLook(int Precedence, int Sources, string Chain, bool Transformed, bool Invalid, bool Selected)
{
    public static readonly LinkLook None = new(1, 1, "", false, false, false);

    /// <summary>The label on the link: its precedence when several sources feed the target, and its transforms.</summary>
    public string Label =>
        (Sources > 1 ? $"{Precedence}" : "") + (Sources > 1 && Transformed ? " · " : "") + (Transformed ? Chain : "");
}

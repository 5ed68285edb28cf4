using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Behaviors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Options;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Sources;

namespace Workbench.Web.Mapping.Canvas;

/// <summary>What the page shows on the canvas: the view spec and the page's state around it.</summary>
public sealed record CanvasState(
    ViewSpec Spec,
    IReadOnlyDictionary<string, DatasetDescriptor> Datasets,
    IReadOnlySet<string> Collapsed,
    IReadOnlySet<string> InvalidTargets,
    string? Search,
    (FieldRef Source, string Target)? Selected,
    FieldRef? PickedSource,
    string? PickedTarget);

/// <summary>
/// The library's diagram kept in step with the view spec: the spec is the truth, the diagram is brought to match it
/// after every change (cards built or rebuilt when fields change, links added, re-anchored or removed), and a link
/// dragged on the canvas becomes a connection only once the spec has it.
/// </summary>
public sealed class MappingDiagram
{
    public const string TargetId = "\u2192target";

    private readonly Dictionary<string, FieldCardNode> cards = new(StringComparer.Ordinal);
    private bool arranging;

    public MappingDiagram()
    {
        var options = new BlazorDiagramOptions
        {
            AllowMultiSelection = false,
            // Snapping: cards dragged by hand land on a grid, and a link dragged near a target port attaches to it.
            GridSize = 10,
            Links = { EnableSnapping = true, SnappingRadius = 24, RequireTarget = true },
            Zoom = { Minimum = 0.1, Maximum = 3 },
        };
        options.Links.Factory = (_, source, target) =>
            source is FieldPort { Source: not null } port ? new MappingLink(new SinglePortAnchor(port), target) : null;
        Diagram = new BlazorDiagram(options);
        // Delete is the link's own key (it edits the spec); the library's shortcut would remove models behind its back.
        Diagram.UnregisterBehavior<KeyboardShortcutsBehavior>();
        Diagram.RegisterComponent<FieldCardNode, FieldCardWidget>();
        Diagram.RegisterComponent<MappingLink, MappingLinkWidget>();
        Diagram.RegisterComponent<Blazor.Diagrams.Core.Models.LinkLabelModel, LinkLabelWidget>();
        Diagram.Links.Added += link =>
        {
            if (link is MappingLink { Key: null } dragged)
                dragged.TargetAttached += OnAttached;
        };
    }

    public BlazorDiagram Diagram { get; }

    /// <summary>While true, cards are laid out automatically after every change; dragging a card ends it.</summary>
    public bool Arranged { get; private set; } = true;

    /// <summary>The height of the arranged layout, for sizing the canvas.</summary>
    public double LayoutHeight { get; private set; }

    /// <summary>Raised when a link dragged on the canvas is dropped on a target field.</summary>
    public event Action<(FieldRef Source, string Target)>? Connected;

    public void Update(CanvasState state)
    {
        Diagram.Batch(() =>
        {
            SyncCards(state);
            if (Arranged)
                Arrange();
            else
                LayoutHeight = ArrangedHeight();
            SyncLinks(state);
        });
    }

    /// <summary>Datasets stacked on the left in the spec's order, the target schema on the right: nothing overlaps.</summary>
    public void Arrange()
    {
        arranging = true;
        try
        {
            var top = CardGeometry.Margin;
            foreach (var card in cards.Values.Where(c => !c.IsTarget))
            {
                Move(card, CardGeometry.Margin, top);
                top += card.Size!.Height + CardGeometry.DatasetGap;
            }
            if (cards.TryGetValue(TargetId, out var target))
                Move(target, CardGeometry.Margin + CardGeometry.Width + CardGeometry.TargetGap, CardGeometry.Margin);
            LayoutHeight = ArrangedHeight();
            Arranged = true;
        }
        finally
        {
            arranging = false;
        }
    }

    public IEnumerable<FieldCardNode> Cards => cards.Values;

    /// <summary>The first field whose row is highlighted by the search, in diagram coordinates.</summary>
    public Point? FirstHit()
    {
        foreach (var card in cards.Values)
        {
            var row = card.Rows.ToList().FindIndex(r => r.Hit);
            if (row >= 0)
            {
                var centre = CardGeometry.RowCentre(row, card.Collapsed);
                return new Point(card.Position.X + centre.X, card.Position.Y + centre.Y);
            }
        }
        return null;
    }

    private double ArrangedHeight() =>
        cards.Values.Select(c => c.Position.Y + c.Size!.Height).DefaultIfEmpty(0).Max() + CardGeometry.Margin;

    private static void Move(FieldCardNode card, double x, double y)
    {
        if (card.Position.X == x && card.Position.Y == y)
            return;
        card.SetPosition(x, y);
        card.PlacePorts();
    }

    private void SyncCards(CanvasState state)
    {
        var wanted = new List<FieldCardNode>();
        foreach (var dataset in state.Spec.Datasets)
        {
            var found = state.Datasets.TryGetValue(dataset.Name, out var descriptor);
            var fields = (descriptor?.Fields ?? []).Select(f => (f.Name, Lower(f.Type))).ToList();
            wanted.Add(CardFor(dataset.Name, () => new FieldCardNode(dataset.Name, dataset.Name, false, !found, fields), fields, !found));
        }
        var targetFields = state.Spec.Target.Select(t => (t.Name, Lower(t.Type))).ToList();
        wanted.Add(CardFor(TargetId, () => new FieldCardNode(TargetId, "Target schema", true, false, targetFields), targetFields, false));

        foreach (var gone in cards.Keys.Except(wanted.Select(c => c.Id)).ToList())
        {
            Diagram.Nodes.Remove(cards[gone]);
            cards.Remove(gone);
        }
        // Datasets keep the spec's order (arranging stacks them in it); the target comes last.
        cards.Clear();
        foreach (var card in wanted)
            cards[card.Id] = card;

        var mapped = state.Spec.Mappings.Where(m => m.Sources.Count > 0).Select(m => m.Target).ToHashSet(StringComparer.Ordinal);
        foreach (var card in wanted)
        {
            var collapsed = !card.IsTarget && state.Collapsed.Contains(card.Id);
            var rows = card.FieldPorts.Select(p => Row(state, card, p, mapped)).ToList();
            if (card.Update(rows, collapsed))
                card.Refresh();
        }
    }

    private FieldCardNode CardFor(string id, Func<FieldCardNode> create, IReadOnlyList<(string Name, string Type)> fields, bool missing)
    {
        var signature = string.Join('\n', fields.Select(f => $"{f.Name}\t{f.Type}"));
        if (cards.TryGetValue(id, out var existing) && existing.Signature == signature && existing.Missing == missing)
            return existing;
        var position = existing?.Position;
        if (existing is not null)
            Diagram.Nodes.Remove(existing);
        var card = create();
        if (position is not null)
            card.SetPosition(position.X, position.Y);
        card.PlacePorts();
        card.Moving += _ =>
        {
            if (!arranging)
                Arranged = false;
        };
        Diagram.Nodes.Add(card);
        cards[id] = card;
        return card;
    }

    private static FieldRow Row(CanvasState state, FieldCardNode card, FieldPort port, HashSet<string> mapped)
    {
        var search = state.Search?.Trim();
        var hit = !string.IsNullOrEmpty(search) && port.Field.Contains(search, StringComparison.OrdinalIgnoreCase);
        if (card.IsTarget)
        {
            var field = state.Spec.Target[port.Row];
            return new FieldRow(field.Name, Lower(field.Type), field.Required, hit, field.Name == state.PickedTarget,
                state.InvalidTargets.Contains(field.Name), mapped.Contains(field.Name));
        }
        return new FieldRow(port.Field, card.Types[port.Row], false, hit, port.Source == state.PickedSource, false, false);
    }

    private void SyncLinks(CanvasState state)
    {
        var wanted = new Dictionary<(FieldRef, string), (FieldPort From, FieldPort To, LinkLook Look)>();
        foreach (var entry in state.Spec.Mappings)
        {
            if (!cards.TryGetValue(TargetId, out var target) || target.PortOf(entry.Target) is not { } to)
                continue;
            for (var p = 0; p < entry.Sources.Count; p++)
            {
                var source = entry.Sources[p];
                if (!cards.TryGetValue(source.Field.Dataset, out var card) || card.PortOf(source.Field.Field) is not { } field)
                    continue;
                var key = (source.Field, entry.Target);
                var look = new LinkLook(p + 1, entry.Sources.Count, TransformChain.Describe(source.Transforms),
                    source.Transforms.Count > 0, state.InvalidTargets.Contains(entry.Target), state.Selected == key);
                wanted[key] = (card.Collapsed ? card.HeaderPort! : field, to, look);
            }
        }

        var drawn = new HashSet<(FieldRef, string)>();
        foreach (var link in Diagram.Links.OfType<MappingLink>().ToList())
        {
            if (!link.IsAttached)
                continue; // still being dragged
            var key = link.Key ?? link.Pending;
            if (key is null || !wanted.TryGetValue(key.Value, out var want) || !drawn.Add(key.Value))
            {
                Diagram.Links.Remove(link);
                continue;
            }
            var changed = link.Key is null || link.Look != want.Look;
            link.Key = key;
            link.Pending = null;
            link.Look = want.Look;
            if (link.Source.Model != want.From)
            {
                link.SetSource(new SinglePortAnchor(want.From));
                changed = true;
            }
            if (changed)
            {
                Label(link);
                link.Refresh();
            }
        }

        var added = new List<BaseLinkModel>();
        foreach (var (key, want) in wanted)
        {
            if (drawn.Contains(key))
                continue;
            var link = new MappingLink(new SinglePortAnchor(want.From), new SinglePortAnchor(want.To)) { Key = key, Look = want.Look };
            Label(link);
            added.Add(link);
        }
        if (added.Count > 0)
            Diagram.Links.Add(added);
    }

    private static void Label(MappingLink link)
    {
        link.Labels.Clear();
        if (link.Look.Label.Length > 0)
            link.AddLabel(link.Look.Label, 0.5);
    }

    private void OnAttached(BaseLinkModel link)
    {
        link.TargetAttached -= OnAttached;
        if (link is MappingLink dragged && dragged.Source.Model is FieldPort { Source: { } source } && dragged.Target.Model is FieldPort { IsTarget: true } target)
        {
            dragged.Pending = (source, target.Field);
            Connected?.Invoke((source, target.Field));
        }
        else
        {
            Diagram.Links.Remove(link);
        }
    }

    private static string Lower(Workbench.Core.Schema.FieldType type) => type.ToString().ToLowerInvariant();
}

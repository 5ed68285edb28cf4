using Workbench.Core.Mapping;

namespace Workbench.Engine.Views;

/// <summary>
/// The join key of every dataset of a view. The engine joins all sides on one normalised key, so every
/// relationship must pair the same key fields of a dataset (legacy.pol_num = fast.policyId = agents.pol_num).
/// A composite key works when every relationship names the same fields of a dataset, in any order of pairs.
/// </summary>
public static class ViewJoinKeys
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Resolve(ViewSpec spec)
    {
        var inView = spec.Datasets.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var relationship in spec.Relationships)
        {
            foreach (var end in new[] { relationship.Left, relationship.Right })
                if (!inView.Contains(end))
                    throw new ViewRunException($"The relationship {Describe(relationship)} names '{end}', which is not a dataset of the view.");
            if (relationship.Keys.Count == 0)
                throw new ViewRunException($"The relationship {Describe(relationship)} has no key fields; add at least one key pair.");
        }
        if (spec.Relationships.Count == 0)
            throw new ViewRunException(spec.Datasets.Count > 1
                ? "The view has no relationship, so there is no join key: add one joining the datasets on their key fields."
                : "The view has no join key: a preview needs a relationship naming the key fields.");

        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var first = spec.Relationships[0];
        keys[first.Left] = first.Keys.Select(k => k.LeftField).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var relationship in spec.Relationships)
                changed |= Propagate(relationship, keys);
        }
        while (changed);

        foreach (var relationship in spec.Relationships)
            if (!keys.ContainsKey(relationship.Left))
                throw new ViewRunException($"The relationship {Describe(relationship)} is not connected to {first.Left}: every dataset must join the others on the same key.");
        foreach (var dataset in spec.Datasets)
            if (!keys.ContainsKey(dataset.Name))
                throw new ViewRunException($"'{dataset.Name}' is not joined to the other datasets: add a relationship naming its key fields.");
        return keys;
    }

    /// <summary>Carries a known key across one relationship; checks it when both ends are known.</summary>
    private static bool Propagate(Relationship relationship, Dictionary<string, IReadOnlyList<string>> keys)
    {
        var leftKnown = keys.TryGetValue(relationship.Left, out var leftKey);
        var rightKnown = keys.TryGetValue(relationship.Right, out var rightKey);
        if (!leftKnown && !rightKnown)
            return false;
        var pairs = relationship.Keys.Select(k => (k.LeftField, k.RightField)).ToList();
        var known = leftKnown ? leftKey! : rightKey!;
        var knownFields = pairs.Select(p => leftKnown ? p.LeftField : p.RightField).ToList();
        if (knownFields.Count != known.Count || !knownFields.ToHashSet(StringComparer.Ordinal).SetEquals(known))
            throw Mismatch(relationship, leftKnown ? relationship.Left : relationship.Right, known, knownFields);

        // The other end's fields, in the order of the key already known.
        var other = known.Select(field => pairs.First(p => (leftKnown ? p.LeftField : p.RightField) == field))
            .Select(p => leftKnown ? p.RightField : p.LeftField).ToList();
        var otherName = leftKnown ? relationship.Right : relationship.Left;
        if (keys.TryGetValue(otherName, out var otherKey))
        {
            if (!otherKey.SequenceEqual(other, StringComparer.Ordinal))
                throw Mismatch(relationship, otherName, otherKey, other);
            return false;
        }
        keys[otherName] = other;
        return true;
    }

    private static ViewRunException Mismatch(Relationship relationship, string dataset, IReadOnlyList<string> expected, IReadOnlyList<string> found) =>
        new($"The relationship {Describe(relationship)} joins '{dataset}' on {Fields(found)}, but other relationships join it on {Fields(expected)}: " +
            "a preview joins every dataset on one key, so make every relationship use the same key fields.");

    private static string Fields(IReadOnlyList<string> fields) => string.Join(" + ", fields);

    private static string Describe(Relationship r) =>
        $"{r.Left} - {r.Right} ({string.Join(", ", r.Keys.Select(k => $"{k.LeftField} = {k.RightField}"))})";
}

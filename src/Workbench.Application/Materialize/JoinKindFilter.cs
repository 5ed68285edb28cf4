using Workbench.Core.Mapping;
using Workbench.Engine.Quality.Model;

namespace Workbench.Application.Materialize;

/// <summary>
/// The engine joins every view fully outer (the report must see every key); what is written honours each
/// relationship's kind: a left join keeps keys its left dataset holds, an inner join keys both hold.
/// </summary>
public sealed class JoinKindFilter
{
    private readonly int[] _required;

    /// <param name="sides">Dataset names in the engine's side order.</param>
    public JoinKindFilter(IEnumerable<Relationship> relationships, IReadOnlyList<string> sides)
    {
        int Bit(string dataset) => sides.ToList().IndexOf(dataset) is >= 0 and var i ? 1 << i : 0;
        _required = relationships
            .Select(r => r.Kind switch
            {
                JoinKind.Left => Bit(r.Left),
                JoinKind.Inner => Bit(r.Left) | Bit(r.Right),
                _ => 0,
            })
            .Where(mask => mask != 0)
            .ToArray();
    }

    public bool Keeps(MergedRow row)
    {
        foreach (var mask in _required)
            if ((row.PresenceMask & mask) != mask)
                return false;
        return true;
    }
}

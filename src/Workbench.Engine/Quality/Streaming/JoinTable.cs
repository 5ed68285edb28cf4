using System.Runtime.InteropServices;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Streaming;

/// <summary>
/// The hash table of the join, keyed on the normalised key. Every side but the last is built into it (first
/// row per key kept, repeats counted); the last side probes it row by row, so its rows are evaluated and
/// dropped at once and only its keys remain (to recognise its repeats). Keys left unprobed are evaluated at the end.
/// Evaluating a key gives its merged row when the report builder merges rows.
/// </summary>
internal sealed class JoinTable(int sides, ReportBuilder report)
{
    private const long EntryBytes = 96;

    private readonly Dictionary<string, KeyEntry> _entries = new(StringComparer.Ordinal);

    public int ProbeSide => sides - 1;

    /// <summary>A rough estimate of the managed memory held, for the budget.</summary>
    public long Bytes { get; private set; }

    public IEnumerable<KeyValuePair<string, KeyEntry>> Entries => _entries;

    public void AddBuild(int side, string key, SideRow row, int repeatMask = 0)
    {
        var entry = Entry(key);
        entry.RepeatMask |= repeatMask;
        if (entry.Rows![side] is not null)
        {
            Repeat(entry, side, key, row.Position);
            return;
        }
        entry.Rows[side] = row;
        Bytes += row.EstimateBytes();
    }

    /// <summary>A key already evaluated before the table went to disk: it only remembers which sides repeated it.</summary>
    public void AddDone(string key, int repeatMask)
    {
        var entry = Entry(key);
        entry.RepeatMask |= repeatMask;
        entry.Rows = null;
    }

    /// <summary>Joins a row of the last side; a repeat of its key only counts as a duplicate (null is returned).</summary>
    public MergedRow? Probe(string key, SideRow row)
    {
        var entry = Entry(key);
        if (entry.Rows is null)
        {
            Repeat(entry, ProbeSide, key, row.Position);
            return null;
        }
        entry.Rows[ProbeSide] = row;
        var merged = report.Evaluate(key, entry.Rows);
        foreach (var kept in entry.Rows)
            if (kept is not null && kept != row)
                Bytes -= kept.EstimateBytes();
        entry.Rows = null;
        return merged;
    }

    /// <summary>Evaluates the keys no probe row reached, lazily: enumerate to the end to finish the table.</summary>
    public IEnumerable<MergedRow> Finish()
    {
        foreach (var (key, entry) in _entries)
            if (entry.Rows is not null && report.Evaluate(key, entry.Rows) is { } merged)
                yield return merged;
        Clear();
    }

    public void Clear()
    {
        _entries.Clear();
        _entries.TrimExcess();
        Bytes = 0;
    }

    // One hash lookup per row, new key or not: in a profile of a 1M x 1M preview the lookups took ~8 % of its time.
    private KeyEntry Entry(string key)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var exists);
        if (!exists)
        {
            entry = new KeyEntry { Rows = new SideRow?[sides] };
            Bytes += EntryBytes + 2L * key.Length + 8L * sides;
        }
        return entry!;
    }

    private void Repeat(KeyEntry entry, int side, string key, long position)
    {
        var bit = 1 << side;
        report.Duplicate(side, key, position, (entry.RepeatMask & bit) == 0);
        entry.RepeatMask |= bit;
    }
}

/// <summary>Rows is null once the key has been evaluated.</summary>
internal sealed class KeyEntry
{
    public SideRow?[]? Rows;
    public int RepeatMask;
}

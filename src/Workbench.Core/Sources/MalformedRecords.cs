namespace Workbench.Core.Sources;

/// <summary>What a connector does with a record it cannot read (ragged CSV row, invalid JSON line...).</summary>
public enum MalformedRecordPolicy
{
    /// <summary>Stop the read with <see cref="MalformedRecordException"/> naming the record.</summary>
    Fail = 0,

    /// <summary>Leave the record out, report it in <see cref="ReadDiagnostics"/> and go on.</summary>
    Skip = 1,
}

/// <summary>A record that could not be read, with where it is and why.</summary>
public sealed record MalformedRecord(RowPosition Position, string Reason)
{
    public override string ToString() => $"{Position}: {Reason}";
}

/// <summary>
/// Collects what a read skipped. Every skipped record is counted; the first <see cref="KeepAtMost"/> are
/// kept with their position and reason, so nothing disappears silently and memory stays bounded.
/// </summary>
public sealed class ReadDiagnostics
{
    public const int KeepAtMost = 1000;
    private readonly List<MalformedRecord> _kept = [];

    public long MalformedCount { get; private set; }

    public IReadOnlyList<MalformedRecord> Malformed => _kept;

    /// <summary>Notes from the source that are not about one record (e.g. "a byte-order mark was found").</summary>
    public List<string> Notes { get; } = [];

    public void Report(MalformedRecord record)
    {
        MalformedCount++;
        if (_kept.Count < KeepAtMost)
            _kept.Add(record);
    }

    /// <summary>Applies <paramref name="policy"/>: throws on Fail, records on Skip.</summary>
    public void Handle(MalformedRecordPolicy policy, MalformedRecord record)
    {
        if (policy == MalformedRecordPolicy.Fail)
            throw new MalformedRecordException(record);
        Report(record);
    }
}

public sealed class MalformedRecordException(MalformedRecord record)
    : Exception($"Malformed record at {record}")
{
    public MalformedRecord Record { get; } = record;
}

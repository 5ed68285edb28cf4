namespace Workbench.Application.Materialize;

/// <summary>
/// The counts of a materialization, checked before its transaction commits: every joined key the join kinds keep is
/// either written or rejected, and the engine's own count of keys agrees with what the pipe was given. Null counts
/// are unknown (an attempt that found its effect already applied reads nothing).
/// </summary>
public sealed record Reconciliation(
    IReadOnlyDictionary<string, long>? RowsReadPerSource, long? KeysJoined, long? KeysLeftOutByJoinKind, long? KeysKept, long RowsWritten, long? RowsRejected)
{
    /// <summary>The counts of a finished run; a mismatch fails the job with the numbers (the transaction rolls back).</summary>
    public static Reconciliation Check(MergedRowPipe pipe, TableWriteResult result)
    {
        var report = pipe.Report ?? throw new ReconciliationException("Reconciliation failed: the join gave no report.");
        var counts = new Reconciliation(report.RowsScanned, report.Keys, pipe.RowsLeftOut, pipe.KeysKept, result.RowsWritten, result.RowsRejected);
        if (report.Keys - pipe.RowsLeftOut != pipe.KeysKept || result.RowsWritten + result.RowsRejected != pipe.KeysKept)
            throw new ReconciliationException(
                $"Reconciliation failed: {report.Keys} keys joined, {pipe.RowsLeftOut} left out by join kind, {pipe.KeysKept} kept, " +
                $"but {result.RowsWritten} written + {result.RowsRejected} rejected = {result.RowsWritten + result.RowsRejected}.");
        return counts;
    }
}

/// <summary>The rows written and rejected do not add up to the keys joined; nothing was committed.</summary>
public sealed class ReconciliationException(string message) : Exception(message);

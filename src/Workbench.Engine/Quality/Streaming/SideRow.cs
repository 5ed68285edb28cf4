namespace Workbench.Engine.Quality.Streaming;

/// <summary>What the join keeps of a side's row: its harmonised values and failures, nothing else.</summary>
internal sealed record SideRow(object?[] Values, string?[]? Failures, long Position)
{
    /// <summary>A rough managed-heap size, for the memory budget.</summary>
    public long EstimateBytes()
    {
        long bytes = 64 + 8L * Values.Length;
        foreach (var value in Values)
            bytes += value is string s ? 24 + 2L * s.Length : value is null ? 0 : 24;
        if (Failures is not null)
            bytes += 24 + 8L * Failures.Length;
        return bytes;
    }
}

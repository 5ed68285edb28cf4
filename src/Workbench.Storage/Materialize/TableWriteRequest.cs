using Workbench.Core.Sql;
using System.Text.Json.Serialization;

namespace Workbench.Storage.Materialize;

/// <summary>How the written rows are put in place.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WriteMode>))]
public enum WriteMode
{
    /// <summary>The destination holds exactly the new rows afterwards.</summary>
    Replace,

    /// <summary>The new rows are added to what the destination holds.</summary>
    Append,
}

/// <summary>
/// What <see cref="TableWriter"/> writes: <paramref name="Columns"/> of <paramref name="Destination"/> (values in
/// this order in every row), keyed by <paramref name="EffectKey"/> so the effect is applied at most once.
/// </summary>
public sealed record TableWriteRequest(TableName Destination, IReadOnlyList<string> Columns, WriteMode Mode, Guid EffectKey, int BatchSize = 10_000);

/// <summary><paramref name="AlreadyApplied"/>: an earlier attempt of the same effect had committed; nothing was written now.</summary>
public sealed record TableWriteResult(long RowsStaged, long RowsWritten, bool AlreadyApplied);

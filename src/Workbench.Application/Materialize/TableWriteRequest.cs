using Workbench.Core.Sql;
using System.Text.Json.Serialization;

namespace Workbench.Application.Materialize;

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
/// With <paramref name="Rejects"/>, every row carries three more values after the columns (see <see cref="RejectsTarget"/>).
/// </summary>
public sealed record TableWriteRequest(
    TableName Destination, IReadOnlyList<string> Columns, WriteMode Mode, Guid EffectKey, int BatchSize = 10_000, RejectsTarget? Rejects = null);

/// <summary>
/// Rejected rows go to <paramref name="Table"/> in the same transaction as the good ones (and are replaced or appended
/// alike). Each row then ends in: the key (text), the reason (null for a row to write) and the values of
/// <paramref name="Fields"/> as a text array; a rejected row's destination values are ignored.
/// </summary>
public sealed record RejectsTarget(TableName Table, IReadOnlyList<string> Fields)
{
    public const int ExtraValues = 3;
}

/// <summary><paramref name="AlreadyApplied"/>: an earlier attempt of the same effect had committed; nothing was written now.</summary>
public sealed record TableWriteResult(long RowsWritten, bool AlreadyApplied, long RowsRejected = 0);

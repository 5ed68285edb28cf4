using System.Text;
using System.Text.Json.Serialization;
using Npgsql;
using Workbench.Core.Sql;

namespace Workbench.Application.Materialize;

/// <summary>What happens to merged rows that failed a transform or break a rule of the view.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RejectsPolicy>))]
public enum RejectsPolicy
{
    /// <summary>They go to <c>&lt;destination&gt;_rejects</c> with their reasons, in the rows' transaction; the job succeeds.</summary>
    Table,

    /// <summary>The job fails, naming the first reasons, and nothing is written.</summary>
    Fail,
}

/// <summary>
/// <c>&lt;destination&gt;_rejects</c>, beside the destination: the key, every target field as text, the reason and when.
/// Text columns take any value, so a rejected row is always kept as the view gave it.
/// </summary>
public static class RejectsTable
{
    public const string KeyColumn = "key";
    public const string ReasonColumn = "reason";
    public const string RejectedAtColumn = "rejected_at";

    public static TableName Of(TableName destination) => new(destination.Schema, destination.Name + "_rejects");

    /// <summary>The columns a reject is written to, in order: the key, every field, the reason (<c>rejected_at</c> fills itself).</summary>
    public static IEnumerable<string> WrittenColumns(IReadOnlyList<string> fields) => new[] { KeyColumn }.Concat(fields).Append(ReasonColumn);

    /// <summary>Why the rejects of <paramref name="destination"/> cannot be kept beside it, or null.</summary>
    public static string? Problem(TableName destination, IReadOnlyList<string> fields)
    {
        var table = Of(destination);
        if (Encoding.UTF8.GetByteCount(table.Name) > DestinationTable.MaxIdentifierBytes)
            return $"The rejects table {table.Name} is longer than PostgreSQL's {DestinationTable.MaxIdentifierBytes} bytes; choose a shorter table name.";
        var clash = fields.Where(f => f is KeyColumn or ReasonColumn or RejectedAtColumn).ToList();
        return clash.Count > 0
            ? $"The rejects table has its own {string.Join(", ", clash)} column; rename the target field or choose rejects: fail."
            : null;
    }

    /// <summary>Creates the table when missing; an existing one must have every column as text (rejected_at as a timestamp).</summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, TableName destination, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        var table = Of(destination);
        var columns = WrittenColumns(fields).Select(c => new DestinationColumn(c, Core.Schema.FieldType.Text)).ToList();
        await DestinationTable.EnsureAsync(connection, table, columns, cancellationToken);
        await DestinationSql.ExecuteAsync(connection,
            $"alter table {table.Quoted} add column if not exists {SqlIdentifier.Quote(RejectedAtColumn)} timestamp with time zone not null default now()",
            null, cancellationToken);
    }
}

/// <summary>Rows were rejected under <see cref="RejectsPolicy.Fail"/>; the message names the first reasons.</summary>
public sealed class RejectedRowsException(string message) : Exception(message);

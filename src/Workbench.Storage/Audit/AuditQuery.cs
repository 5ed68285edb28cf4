using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using Workbench.Core.Text;

namespace Workbench.Storage.Audit;

/// <summary>Filters for reading the audit trail; empty fields do not filter. Text filters match case-insensitively anywhere.</summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? Action = null,
    string? Entity = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

public sealed record AuditRecord(
    long Id,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string? EntityKind,
    string? EntityId,
    int? EntityVersion,
    string Outcome,
    string? ClientAddress,
    string? Details);

/// <summary>Reads the audit trail, newest first: a page at a time for the grid, streamed for export.</summary>
public sealed class AuditQuery(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id as Id, occurred_at as OccurredAt, actor as Actor, action as Action, entity_kind as EntityKind, entity_id as EntityId,
        entity_version as EntityVersion, outcome as Outcome, client_address as ClientAddress, details::text as Details
        """;

    public async Task<(IReadOnlyList<AuditRecord> Rows, long Total)> PageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        parameters.Add("skip", Math.Max(0, skip));
        parameters.Add("take", Math.Clamp(take, 1, 500));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from audit_event {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from audit_event {where} order by occurred_at desc, id desc offset @skip limit @take", parameters, cancellationToken: cancellationToken));
        return (rows.Select(r => r.ToRecord()).ToList(), total);
    }

    /// <summary>Every matching row, newest first, without holding them all in memory.</summary>
    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"select {Columns} from audit_event {where} order by occurred_at desc, id desc", parameters, cancellationToken: cancellationToken));
        var parser = reader.GetRowParser<Row>();
        while (await reader.ReadAsync(cancellationToken))
            yield return parser(reader).ToRecord();
    }

    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition("select distinct action from audit_event order by action", cancellationToken: cancellationToken))).ToList();
    }

    private static (string Where, DynamicParameters Parameters) Where(AuditFilter filter)
    {
        UserText.Check(filter.Actor, "The user filter");
        UserText.Check(filter.Action, "The action filter");
        UserText.Check(filter.Entity, "The entity filter");
        var clauses = new List<string>();
        var parameters = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            clauses.Add("actor ilike @actor");
            parameters.Add("actor", Contains(filter.Actor));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            clauses.Add("action ilike @action");
            parameters.Add("action", Contains(filter.Action));
        }
        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            clauses.Add("(entity_kind ilike @entity or entity_id ilike @entity or (entity_kind || ':' || entity_id) ilike @entity)");
            parameters.Add("entity", Contains(filter.Entity));
        }
        if (filter.From is { } from)
        {
            clauses.Add("occurred_at >= @from");
            parameters.Add("from", from.UtcDateTime);
        }
        if (filter.To is { } to)
        {
            clauses.Add("occurred_at < @to");
            parameters.Add("to", to.UtcDateTime);
        }
        return (clauses.Count == 0 ? "" : "where " + string.Join(" and ", clauses), parameters);
    }

    /// <summary>The typed text is matched literally: % and _ are not wildcards.</summary>
    private static string Contains(string text) =>
        "%" + text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";

    private sealed class Row
    {
        public long Id { get; init; }
        public DateTime OccurredAt { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string? EntityKind { get; init; }
        public string? EntityId { get; init; }
        public int? EntityVersion { get; init; }
        public string Outcome { get; init; } = "";
        public string? ClientAddress { get; init; }
        public string? Details { get; init; }

        public AuditRecord ToRecord() => new(
            Id, new DateTimeOffset(DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc)), Actor, Action, EntityKind, EntityId,
            EntityVersion, Outcome, ClientAddress, Details);
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Core.Privacy;
using Workbench.Storage.Privacy;
using Workbench.Storage.Store;

namespace Workbench.Application.Privacy;

/// <summary>Personal data marks of dataset fields in the store.</summary>
public sealed class PersonalDataMarkStore(NpgsqlDataSource dataSource)
{
    private readonly DataSourceContextFactory _contexts = new(dataSource);

    public async Task<IReadOnlyList<PersonalDataMark>> ListAsync(Guid datasetId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.PersonalDataMarks.AsNoTracking().Where(m => m.DatasetId == datasetId).OrderBy(m => m.Field).ToListAsync(cancellationToken);
        return rows.Select(ToMark).ToList();
    }

    /// <summary>Records proposals for fields nobody marked yet; a field already proposed, confirmed or cleared keeps its mark.</summary>
    public async Task<int> ProposeAsync(Guid datasetId, IReadOnlyList<(string Field, PersonalDataProposal Proposal)> proposals, CancellationToken cancellationToken = default)
    {
        var added = 0;
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        foreach (var (field, proposal) in proposals)
        {
            added += await db.Database.ExecuteSqlAsync($"""
                insert into personal_data_mark (dataset_id, field, kind, state, reason)
                values ({datasetId}, {field}, {proposal.Kind.ToString()}, 'proposed', {proposal.Reason})
                on conflict (dataset_id, field) do nothing
                """, cancellationToken);
        }
        return added;
    }

    public async Task DecideAsync(Guid datasetId, string field, PersonalDataKind kind, MarkState state, string reason, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            insert into personal_data_mark (dataset_id, field, kind, state, reason, decided_by)
            values ({datasetId}, {field}, {kind.ToString()}, {Text(state)}, {reason}, {actor})
            on conflict (dataset_id, field) do update
               set kind = excluded.kind, state = excluded.state, reason = excluded.reason, decided_by = excluded.decided_by, updated_at = now()
            """, cancellationToken);
    }

    private static string Text(MarkState state) => state switch
    {
        MarkState.Proposed => "proposed",
        MarkState.Confirmed => "confirmed",
        _ => "cleared",
    };

    private static PersonalDataMark ToMark(PersonalDataMarkEntity row) => new(
        row.Field, Enum.Parse<PersonalDataKind>(row.Kind), Enum.Parse<MarkState>(row.State, ignoreCase: true), row.Reason, row.DecidedBy,
        new DateTimeOffset(DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc)));
}

using Workbench.Core.Lineage;
using Workbench.Application.Lineage;
using System.Globalization;
using Npgsql;
using Workbench.Application.Privacy;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Profiling;
using Workbench.Core.Sources;
using Workbench.Core.Text;
using Workbench.Application.Audit;

namespace Workbench.Application.Sources;

/// <summary>
/// What stewards do with sources: register, edit, test, discover, profile, delete. Every change and every
/// read of source rows is audited; messages shown come from connectors and never carry secrets.
/// </summary>
public sealed class SourceService(
    NpgsqlDataSource dataSource, SourceStore store, ConnectorRegistry connectors, AuditLog audit, LineageWriter lineage, PersonalDataMarks? personalData = null)
{
    public Task<IReadOnlyList<SourceSummary>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public Task<SourceSummary?> FindAsync(Guid id, CancellationToken cancellationToken = default) => store.FindAsync(id, cancellationToken);

    /// <summary>
    /// Checks a draft without saving it (the wizard's "test connection"), within the draft's timeout. An edited
    /// source's stored secrets go with the draft only while it points at the same place and account
    /// (<see cref="StoredSecrets"/>); otherwise the check is refused until the secret is typed again. Audited.
    /// </summary>
    public async Task<ConnectionCheck> TestDraftAsync(SourceDraft draft, Guid? existingId = null, CancellationToken cancellationToken = default)
    {
        // Refused before it goes anywhere, so there is no connection to audit (nor could the audit row hold the text).
        if (TextProblem(draft) is { } problem)
            return new ConnectionCheck(false, problem, TimeSpan.Zero);
        if (SourceSettingKeys.Problem(draft) is { } keyProblem)
            return new ConnectionCheck(false, keyProblem, TimeSpan.Zero);
        var connection = new SourceConnection(draft.Kind, draft.Settings, new Dictionary<string, string>(), draft.MalformedRecords);
        ConnectionCheck check;
        try
        {
            if (existingId is { } id)
            {
                var (source, stored) = await RequireAsync(id, cancellationToken);
                connection = connection with { Secrets = StoredSecrets.For(source.Kind, source.Settings, stored.Secrets, draft) };
            }
            else
                connection = connection with { Secrets = draft.Secrets.Where(s => !string.IsNullOrEmpty(s.Value)).ToDictionary(s => s.Key, s => s.Value!) };
        }
        catch (SecretMustBeRetypedException ex)
        {
            check = new ConnectionCheck(false, ex.Message, TimeSpan.Zero);
            await AuditTestAsync(existingId, connection, check, AuditOutcome.Denied, cancellationToken);
            return check;
        }
        check = await TestAsync(connection, cancellationToken);
        await AuditTestAsync(existingId, connection, check, check.Ok ? AuditOutcome.Ok : AuditOutcome.Failed, cancellationToken);
        return check;
    }

    public async Task<ConnectionCheck> TestAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var (_, connection) = await RequireAsync(id, cancellationToken);
        var check = await TestAsync(connection, cancellationToken);
        await store.SetStatusAsync(id, check.Ok, check.Message, cancellationToken);
        await AuditTestAsync(id, connection, check, check.Ok ? AuditOutcome.Ok : AuditOutcome.Failed, cancellationToken);
        return check;
    }

    /// <summary>Every test says where it went (never with what secret) and how it ended: ok, failed, or denied before connecting.</summary>
    private Task AuditTestAsync(Guid? id, SourceConnection connection, ConnectionCheck check, string outcome, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEntry("source.test", "source", id?.ToString(), Outcome: outcome,
            Details: new { Target = ConnectionTarget.Describe(connection), Kind = connection.Kind.ToString(), check.Message }), cancellationToken);

    /// <summary>Registers a source and discovers its datasets. A source that cannot be reached is still saved, marked failed.</summary>
    public async Task<Guid> CreateAsync(SourceDraft draft, bool isDemo = false, CancellationToken cancellationToken = default)
    {
        await ValidateAsync("source.create", draft, null, cancellationToken);
        var id = Guid.NewGuid();
        await using (var db = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await store.InsertAsync(transaction, id, draft, isDemo, cancellationToken);
            await audit.RecordAsync(transaction, new AuditEntry("source.create", "source", id.ToString(), Details: new { draft.Name, Kind = draft.Kind.ToString() }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await RefreshAsync(id, cancellationToken);
        return id;
    }

    public async Task UpdateAsync(Guid id, SourceDraft draft, CancellationToken cancellationToken = default)
    {
        await ValidateAsync("source.update", draft, id, cancellationToken);
        await using (var db = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            await store.UpdateAsync(transaction, id, draft, cancellationToken);
            await audit.RecordAsync(transaction, new AuditEntry("source.update", "source", id.ToString(), Details: new { draft.Name }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await RefreshAsync(id, cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (await store.DeleteAsync(transaction, id, cancellationToken))
            await audit.RecordAsync(transaction, new AuditEntry("source.delete", "source", id.ToString()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Tests the source and, when it answers, discovers its datasets again. Returns the check.</summary>
    public async Task<ConnectionCheck> RefreshAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var (source, connection) = await RequireAsync(id, cancellationToken);
        var check = await TestAsync(connection, cancellationToken);
        if (check.Ok)
        {
            try
            {
                var datasets = await connectors.For(connection.Kind).DiscoverAsync(connection, cancellationToken);
                await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await db.BeginTransactionAsync(cancellationToken);
                await store.SaveDiscoveryAsync(transaction, id, datasets, cancellationToken);
                // Lineage starts here: a dataset and its fields exist as nodes before any mapping points at them.
                foreach (var dataset in datasets)
                    await lineage.RecordDatasetAsync(transaction,
                        new DatasetRef(LineageNamespaces.Workbench, $"{source.Name}.{dataset.Name}"), dataset.Fields, source.Name, cancellationToken);
                await audit.RecordAsync(transaction, new AuditEntry("source.discover", "source", id.ToString(), Details: new { Datasets = datasets.Count }), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                check = check with { Message = $"{check.Message} {Plural.Of(datasets.Count, "dataset")} found." };
            }
            catch (Exception ex) when (ex is SourceException or MalformedRecordException)
            {
                check = check with { Ok = false, Message = "Reached, but discovery failed: " + ex.Message };
            }
        }
        await store.SetStatusAsync(id, check.Ok, check.Message, cancellationToken);
        return check;
    }

    /// <summary>Profiles a dataset on its first <paramref name="sampleRows"/> rows, or all rows when null, and stores the profile.</summary>
    public async Task<DatasetProfile> ProfileAsync(Guid datasetId, long? sampleRows, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var dataset = await store.DatasetAsync(datasetId, cancellationToken) ?? throw new SourceException("The dataset no longer exists.");
        var (_, connection) = await RequireAsync(dataset.SourceId, cancellationToken);
        var diagnostics = new ReadDiagnostics();
        var locator = new DatasetLocator(dataset.Locator) { Fields = dataset.Fields.Select(f => f.Name).ToList() };
        var request = new ReadRequest(Limit: sampleRows is { } n ? n + 1 : null);
        var rows = connectors.For(connection.Kind).ReadAsync(connection, locator, request, diagnostics, cancellationToken);
        var culture = connection.Kind == SourceKind.File ? FileSettings.CultureOf(connection) : CultureInfo.InvariantCulture;
        var profile = await DatasetProfiler.ProfileAsync(rows, locator.Fields, sampleRows, progress, culture, cancellationToken);
        profile = profile with { MalformedRecords = diagnostics.MalformedCount };
        await store.SaveProfileAsync(datasetId, profile, cancellationToken);
        if (personalData is not null)
            await personalData.ProposeAsync(datasetId, profile, cancellationToken);
        await audit.RecordAsync(new AuditEntry("dataset.profile", "dataset", datasetId.ToString(),
            Details: new { profile.Rows, profile.Complete, Malformed = diagnostics.MalformedCount }), cancellationToken);
        return profile;
    }

    private async Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await connectors.For(connection.Kind).TestAsync(connection, cancellationToken);
        }
        catch (SourceException ex)
        {
            return new ConnectionCheck(false, ex.Message, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Throws <see cref="SourceException"/> with the first problem of the draft, after auditing the refusal as denied;
    /// text PostgreSQL cannot hold is refused unaudited, since the audit row could not hold it either.
    /// </summary>
    private async Task ValidateAsync(string action, SourceDraft draft, Guid? id, CancellationToken cancellationToken)
    {
        if (TextProblem(draft) is { } unstorable)
            throw new SourceException(unstorable);
        if (await DraftProblemAsync(draft, id, cancellationToken) is not { } problem)
            return;
        await audit.RecordAsync(new AuditEntry(action, "source", id?.ToString(), Outcome: AuditOutcome.Denied,
            Details: new { draft.Name, Kind = draft.Kind.ToString(), Problem = problem }), cancellationToken);
        throw new SourceException(problem);
    }

    private async Task<string?> DraftProblemAsync(SourceDraft draft, Guid? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(draft.Name))
            return "Give the source a name.";
        if (draft.Name.Trim().Length > 100)
            return "A source name has at most 100 characters.";
        if (SourceSettingKeys.Problem(draft) is { } keyProblem)
            return keyProblem;
        if (await store.NameTakenAsync(draft.Name, id, cancellationToken))
            return $"A source named '{draft.Name.Trim()}' already exists.";
        return null;
    }

    private static string? TextProblem(SourceDraft draft) =>
        UserText.Problem([
            (draft.Name, "The source name"),
            .. draft.Settings.Select(s => (s.Value, $"The setting '{s.Key}'")),
            .. draft.Secrets.Select(s => (s.Value, $"The secret '{s.Key}'")),
        ]);

    private async Task<(SourceSummary, SourceConnection)> RequireAsync(Guid id, CancellationToken cancellationToken) =>
        await store.ConnectionAsync(id, cancellationToken) ?? throw new SourceException("The source no longer exists.");
}

using Npgsql;
using Workbench.Core.Lineage;
using Workbench.Application.Lineage;

namespace Workbench.IntegrationTests.Lineage;

/// <summary>The lineage an approval and a job of the demo's policy migration write: two sources into one table.</summary>
internal sealed class PolicyMigration(string suffix)
{
    public DatasetRef Legacy { get; } = new(LineageNamespaces.Workbench, $"legacy{suffix}.policies");
    public DatasetRef Fast { get; } = new(LineageNamespaces.Workbench, $"fast{suffix}.policies");
    public DatasetRef Target { get; } = new("postgres://target", $"public.policy{suffix}");
    public Guid RunId { get; } = Guid.NewGuid();

    public ViewVersionRef View(int version = 1) =>
        new($"policies{suffix}", "Policies", version, Target, ApprovedBy: "bob", ApprovedAt: DateTimeOffset.UtcNow, AuthoredBy: "alice");

    public IReadOnlyList<ColumnEdge> Mapping => [
        new(new(Legacy, "pol_num"), new(Target, "policy_id"), "trim"),
        new(new(Fast, "policyId"), new(Target, "policy_id")),
        new(new(Legacy, "premium"), new(Target, "premium_amount"), "cast(decimal)"),
        new(new(Fast, "premiumAmount"), new(Target, "premium_amount")),
        new(new(Legacy, "eff_date"), new(Target, "effective_date"), "parse date (dd.MM.yyyy|yyyy-MM-dd)"),
        new(new(Fast, "holderName"), new(Target, "holder_name"), "trim"),
        new(new(Legacy, "status"), new(Target, "policy_id"), "filter status <> 'X'", TransformationType.Indirect),
    ];

    /// <summary>What an approval and then a successful job call, each in its own transaction.</summary>
    public async Task ApproveAndRunAsync(NpgsqlDataSource dataSource, LineageWriter writer, RunState state = RunState.Complete)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var approval = await connection.BeginTransactionAsync())
        {
            await writer.RecordMappingAsync(approval, View(), Mapping);
            await approval.CommitAsync();
        }
        await using var job = await connection.BeginTransactionAsync();
        var started = DateTimeOffset.UtcNow.AddMinutes(-2);
        var run = new JobRunRecord(RunId, LineageNamespaces.Jobs, $"materialize-policies{suffix}", state, started, started.AddMinutes(1), View().Key,
            state == RunState.Fail ? "COPY failed: disk full" : null);
        await writer.RecordJobRunAsync(job, run, [Legacy, Fast], [Target], Mapping);
        await job.CommitAsync();
    }
}

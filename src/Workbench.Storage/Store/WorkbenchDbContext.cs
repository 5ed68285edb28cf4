using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Storage.Accounts;
using Workbench.Storage.Approvals;
using Workbench.Storage.Audit;
using Workbench.Storage.Jobs;
using Workbench.Storage.Lineage;
using Workbench.Storage.Mapping;
using Workbench.Storage.Privacy;
using Workbench.Storage.Quality;
using Workbench.Storage.Secrets;
using Workbench.Storage.Sources;

namespace Workbench.Storage.Store;

/// <summary>
/// The workbench's own state. Each feature maps its tables in its own <c>*Model</c> class; the schema, with the guards
/// the database enforces (append-only audit, approved versions that never change, forward-only status moves), comes
/// from the migrations in the top-level <c>migrations/</c> project.
/// </summary>
public sealed class WorkbenchDbContext(DbContextOptions<WorkbenchDbContext> options) : DbContext(options)
{
    /// <summary>The assembly that holds the migrations (the project in <c>migrations/</c>).</summary>
    public const string MigrationsAssembly = "Workbench.Migrations";

    /// <summary>The options every program of the workbench uses: the store's one data source, the migrations assembly.</summary>
    public static DbContextOptions<WorkbenchDbContext> Options(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<WorkbenchDbContext>();
        Configure(options, dataSource);
        return options.Options;
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));

    public DbSet<WorkbenchInstanceEntity> Instances => Set<WorkbenchInstanceEntity>();

    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();

    public DbSet<AccountEntity> Accounts => Set<AccountEntity>();

    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();

    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();

    public DbSet<SourceEntity> Sources => Set<SourceEntity>();

    public DbSet<SourceDatasetEntity> SourceDatasets => Set<SourceDatasetEntity>();

    public DbSet<PersonalDataMarkEntity> PersonalDataMarks => Set<PersonalDataMarkEntity>();

    public DbSet<ViewDefinitionEntity> ViewDefinitions => Set<ViewDefinitionEntity>();

    public DbSet<ViewVersionEntity> ViewVersions => Set<ViewVersionEntity>();

    public DbSet<ViewReviewEntity> ViewReviews => Set<ViewReviewEntity>();

    public DbSet<QualityRunEntity> QualityRuns => Set<QualityRunEntity>();

    public DbSet<QualityIssueSampleEntity> QualityIssueSamples => Set<QualityIssueSampleEntity>();

    public DbSet<JobEntity> Jobs => Set<JobEntity>();

    public DbSet<JobAttemptEntity> JobAttempts => Set<JobAttemptEntity>();

    public DbSet<WorkbenchJobEffectEntity> JobEffects => Set<WorkbenchJobEffectEntity>();

    public DbSet<LineageNodeEntity> LineageNodes => Set<LineageNodeEntity>();

    public DbSet<LineageEdgeEntity> LineageEdges => Set<LineageEdgeEntity>();

    public DbSet<LineageRunEntity> LineageRuns => Set<LineageRunEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        StoreModel.Configure(modelBuilder);
        SecretsModel.Configure(modelBuilder);
        AccountsModel.Configure(modelBuilder);
        AuditModel.Configure(modelBuilder);
        SourcesModel.Configure(modelBuilder);
        PrivacyModel.Configure(modelBuilder);
        MappingModel.Configure(modelBuilder);
        ApprovalsModel.Configure(modelBuilder);
        QualityModel.Configure(modelBuilder);
        JobsModel.Configure(modelBuilder);
        LineageModel.Configure(modelBuilder);
    }
}

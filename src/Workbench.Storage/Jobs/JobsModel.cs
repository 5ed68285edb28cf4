using Microsoft.EntityFrameworkCore;
using Workbench.Core.Jobs;

namespace Workbench.Storage.Jobs;

/// <summary>How the jobs tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class JobsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("job_pkey");

            entity.ToTable("job");

            entity.HasIndex(e => e.Key, "job_key_key").IsUnique();

            entity.HasIndex(e => new { e.State, e.CreatedAt }, "job_state").IsDescending(false, true);

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.Attempts).HasColumnName("attempts");
            entity.Property(e => e.CancelRequested).HasColumnName("cancel_requested");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.CreatedBy).HasColumnName("created_by");
            entity.Property(e => e.Error).HasColumnName("error");
            entity.Property(e => e.FinishedAt).HasColumnName("finished_at");
            entity.Property(e => e.Key)
                .HasDefaultValueSql("gen_random_uuid()")
                .HasColumnName("key");
            entity.Property(e => e.Kind).HasColumnName("kind");
            entity.Property(e => e.Label)
                .HasDefaultValueSql("''::text")
                .HasColumnName("label");
            entity.Property(e => e.Worker).HasColumnName("worker");
            entity.Property(e => e.DispatchId).HasColumnName("dispatch_id");
            entity.Property(e => e.MaxAttempts).HasColumnName("max_attempts");
            entity.Property(e => e.Payload)
                .HasDefaultValueSql("'{}'::jsonb")
                .HasColumnType("jsonb")
                .HasColumnName("payload");
            entity.Property(e => e.ProgressDone).HasColumnName("progress_done");
            entity.Property(e => e.ProgressStartedAt).HasColumnName("progress_started_at");
            entity.Property(e => e.ProgressTotal).HasColumnName("progress_total");
            entity.Property(e => e.Result)
                .HasColumnType("jsonb")
                .HasColumnName("result");
            entity.Property(e => e.RunAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("run_at");
            entity.Property(e => e.State)
                .HasConversion(v => v.Stored(), v => JobStates.ParseState(v))
                .HasDefaultValueSql("'enqueued'::text")
                .HasColumnName("state");
            entity.Property(e => e.UpdatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("updated_at");
        });

        modelBuilder.Entity<JobAttemptEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("job_attempt_pkey");

            entity.ToTable("job_attempt");

            entity.HasIndex(e => new { e.JobId, e.Id }, "job_attempt_job");

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.Attempt).HasColumnName("attempt");
            entity.Property(e => e.EndedAt).HasColumnName("ended_at");
            entity.Property(e => e.Error).HasColumnName("error");
            entity.Property(e => e.JobId).HasColumnName("job_id");
            entity.Property(e => e.Outcome)
                .HasConversion(v => v.Stored(), v => JobStates.ParseOutcome(v))
                .HasDefaultValueSql("'running'::text")
                .HasColumnName("outcome");
            entity.Property(e => e.StartedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("started_at");
            entity.Property(e => e.Worker).HasColumnName("worker");

            entity.HasOne<JobEntity>().WithMany()
                .HasForeignKey(d => d.JobId)
                .HasConstraintName("job_attempt_job_id_fkey");
        });

        modelBuilder.Entity<WorkbenchJobEffectEntity>(entity =>
        {
            entity.HasKey(e => e.JobKey).HasName("workbench_job_effect_pkey");

            entity.ToTable("workbench_job_effect");

            entity.Property(e => e.JobKey)
                .ValueGeneratedNever()
                .HasColumnName("job_key");
            entity.Property(e => e.AppliedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("applied_at");
            entity.Property(e => e.RowsWritten).HasColumnName("rows_written");
            entity.Property(e => e.Target).HasColumnName("target");
        });
    }
}

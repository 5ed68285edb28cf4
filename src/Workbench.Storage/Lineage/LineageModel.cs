using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Lineage;

/// <summary>How the lineage tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class LineageModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LineageEdgeEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("lineage_edge_pkey");

            entity.ToTable("lineage_edge");

            entity.HasIndex(e => new { e.FromNode, e.Kind, e.ToNode, e.VersionKey }, "lineage_edge_from_node_kind_to_node_version_key_key").IsUnique();

            entity.HasIndex(e => new { e.ToNode, e.Kind, e.FromNode }, "lineage_edge_upstream");

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.FromNode).HasColumnName("from_node");
            entity.Property(e => e.Kind).HasColumnName("kind");
            entity.Property(e => e.Superseded).HasColumnName("superseded");
            entity.Property(e => e.ToNode).HasColumnName("to_node");
            entity.Property(e => e.Transform).HasColumnName("transform");
            entity.Property(e => e.TransformType)
                .HasDefaultValueSql("'DIRECT'::text")
                .HasColumnName("transform_type");
            entity.Property(e => e.VersionKey)
                .HasDefaultValueSql("''::text")
                .HasColumnName("version_key");
            entity.Property(e => e.ViewVersionId).HasColumnName("view_version_id");

            entity.HasOne<LineageNodeEntity>().WithMany()
                .HasForeignKey(d => d.FromNode)
                .HasConstraintName("lineage_edge_from_node_fkey");

            entity.HasOne<LineageNodeEntity>().WithMany()
                .HasForeignKey(d => d.ToNode)
                .HasConstraintName("lineage_edge_to_node_fkey");

            entity.HasOne<LineageNodeEntity>().WithMany()
                .HasForeignKey(d => d.ViewVersionId)
                .OnDelete(DeleteBehavior.SetNull)
                .HasConstraintName("lineage_edge_view_version_id_fkey");
        });

        modelBuilder.Entity<LineageNodeEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("lineage_node_pkey");

            entity.ToTable("lineage_node");

            entity.HasIndex(e => new { e.Namespace, e.QualifiedName }, "lineage_node_namespace_qualified_name_key").IsUnique();

            entity.HasIndex(e => e.ParentId, "lineage_node_parent");

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.DisplayName).HasColumnName("display_name");
            entity.Property(e => e.Kind).HasColumnName("kind");
            entity.Property(e => e.Namespace).HasColumnName("namespace");
            entity.Property(e => e.ParentId).HasColumnName("parent_id");
            entity.Property(e => e.Properties)
                .HasDefaultValueSql("'{}'::jsonb")
                .HasColumnType("jsonb")
                .HasColumnName("properties");
            entity.Property(e => e.QualifiedName).HasColumnName("qualified_name");
            entity.Property(e => e.UpdatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("updated_at");

            entity.HasOne<LineageNodeEntity>().WithMany()
                .HasForeignKey(d => d.ParentId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("lineage_node_parent_id_fkey");
        });

        modelBuilder.Entity<LineageRunEntity>(entity =>
        {
            entity.HasKey(e => e.RunId).HasName("lineage_run_pkey");

            entity.ToTable("lineage_run");

            entity.HasIndex(e => e.StartedAt, "lineage_run_started").IsDescending();

            entity.Property(e => e.RunId)
                .ValueGeneratedNever()
                .HasColumnName("run_id");
            entity.Property(e => e.EndedAt).HasColumnName("ended_at");
            entity.Property(e => e.ErrorMessage).HasColumnName("error_message");
            entity.Property(e => e.JobName).HasColumnName("job_name");
            entity.Property(e => e.JobNamespace).HasColumnName("job_namespace");
            entity.Property(e => e.NodeId).HasColumnName("node_id");
            entity.Property(e => e.Producer).HasColumnName("producer");
            entity.Property(e => e.StartedAt).HasColumnName("started_at");
            entity.Property(e => e.State).HasColumnName("state");
            entity.Property(e => e.VersionKey)
                .HasDefaultValueSql("''::text")
                .HasColumnName("version_key");

            entity.HasOne<LineageNodeEntity>().WithMany()
                .HasForeignKey(d => d.NodeId)
                .HasConstraintName("lineage_run_node_id_fkey");
        });
    }
}

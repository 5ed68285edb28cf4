using System.Text.Json;
using Workbench.Application.Jobs;

namespace Workbench.Web.Jobs;

/// <summary>A job as the HTTP API shows it, with its rate and time remaining worked out.</summary>
public sealed record JobDto(
    long Id, string Kind, string Label, string State, int Attempts, int MaxAttempts, bool CancelRequested,
    DateTimeOffset RunAt, long ProgressDone, long? ProgressTotal, double? RowsPerSecond, double? SecondsRemaining,
    string? Error, JsonElement? Result, JsonElement Payload, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt, string? LeaseOwner)
{
    public static JobDto From(JobRecord job, DateTimeOffset now) => new(
        job.Id, job.Kind, job.Label, job.State, job.Attempts, job.MaxAttempts, job.CancelRequested, job.RunAt,
        job.ProgressDone, job.ProgressTotal, job.Rate(now), job.Remaining(now)?.TotalSeconds, job.Error,
        job.Result is null ? null : Parse(job.Result), Parse(job.Payload), job.CreatedBy, job.CreatedAt, job.UpdatedAt,
        job.FinishedAt, job.LeaseOwner);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

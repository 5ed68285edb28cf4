using Workbench.Core.Jobs;
using System.Text.Json;
using Workbench.Application.Jobs;

namespace Workbench.Web.Jobs;

/// <summary>A job as the HTTP API shows it, with its rate and time remaining worked out.</summary>
public sealed record JobDto(
    long Id, string Kind, string Label, string State, int Attempts, int MaxAttempts, bool CancelRequested,
    DateTimeOffset RunAt, long ProgressDone, long? ProgressTotal, double? RowsPerSecond, double? SecondsRemaining,
    string? Error, JsonElement? Result, JsonElement Payload, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt, string? Worker, string? DispatchId)
{
    public static JobDto From(JobRecord job, DateTimeOffset now) => new(
        job.Id, job.Kind, job.Label, job.State.Stored(), job.Attempts, job.MaxAttempts, job.CancelRequested, job.RunAt,
        job.ProgressDone, job.ProgressTotal, job.Rate(now), job.Remaining(now)?.TotalSeconds, job.Error,
        job.Result is null ? null : Parse(job.Result), Parse(job.Payload), job.CreatedBy, job.CreatedAt, job.UpdatedAt,
        job.FinishedAt, job.Worker, job.DispatchId);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>One attempt of a job as the HTTP API shows it.</summary>
public sealed record AttemptDto(long Id, int Attempt, string Worker, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Outcome, string? Error)
{
    public static AttemptDto From(JobAttemptRecord attempt) => new(
        attempt.Id, attempt.Attempt, attempt.Worker, attempt.StartedAt, attempt.EndedAt, attempt.Outcome.Stored(), attempt.Error);
}

using System.Globalization;
using Radzen;
using Workbench.Application.Jobs;
using Workbench.Core.Jobs;

namespace Workbench.Web.Jobs;

/// <summary>How the jobs page words states, numbers and durations.</summary>
public static class JobFormat
{
    public static string StateLabel(JobState state) => state switch
    {
        JobState.Enqueued => "Enqueued",
        JobState.Scheduled => "Scheduled",
        JobState.Processing => "Running",
        JobState.Succeeded => "Succeeded",
        JobState.Failed => "Failed",
        JobState.Cancelled => "Cancelled",
        _ => state.Stored(),
    };

    public static BadgeStyle StateStyle(JobState state) => state switch
    {
        JobState.Processing => BadgeStyle.Info,
        JobState.Succeeded => BadgeStyle.Success,
        JobState.Failed => BadgeStyle.Danger,
        JobState.Cancelled => BadgeStyle.Secondary,
        JobState.Scheduled => BadgeStyle.Warning,
        _ => BadgeStyle.Light,
    };

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double? perSecond) => perSecond is { } rate ? $"{rate.ToString("N0", CultureInfo.InvariantCulture)}/s" : "–";

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalSeconds: < 1 } => "< 1 s",
        { TotalMinutes: < 1 } s => $"{s.Seconds} s",
        { TotalHours: < 1 } s => $"{s.Minutes} min {s.Seconds} s",
        var s => $"{(int)s.Value.TotalHours} h {s.Value.Minutes} min",
    };

    /// <summary>The line under a job's progress bar: rows so far, or why there are none.</summary>
    public static string ProgressNote(JobRecord job) => job switch
    {
        { State: JobState.Failed, Error: { } error } => FirstLine(error, 90),
        { State: JobState.Scheduled } => $"next attempt {Clock(job.RunAt)}",
        { State: JobState.Enqueued } => "waiting for a worker",
        { ProgressTotal: { } total } => $"{Count(job.ProgressDone)} of {Count(total)} rows",
        _ => $"{Count(job.ProgressDone)} rows",
    };

    public static string Clock(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string FirstLine(string text, int max)
    {
        var line = text.Split('\n', 2)[0];
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    public static string When(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "–";
}

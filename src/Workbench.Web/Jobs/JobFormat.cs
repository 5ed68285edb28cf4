using System.Globalization;
using MudBlazor;
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

    public static Color StateColor(JobState state) => state switch
    {
        JobState.Processing => Color.Info,
        JobState.Succeeded => Color.Success,
        JobState.Failed => Color.Error,
        JobState.Scheduled => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>What the job is called: its label, or its kind when it has none.</summary>
    public static string Title(JobRecord job) => string.IsNullOrEmpty(job.Label) ? job.Kind : job.Label;

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

    /// <summary>
    /// The line under a job's progress bar: rows so far, or why there are none; a finished job's rows written and
    /// rejected as its result says (the rows it went through count both). Times are in <paramref name="zone"/>.
    /// </summary>
    public static string ProgressNote(JobRecord job, TimeZoneInfo zone) => job switch
    {
        { State: JobState.Failed, Error: { } error } => FirstLine(error, 90),
        { State: JobState.Succeeded } when JobResult.Parse(job.Result) is { RowsWritten: { } written } result =>
            result.RowsRejected is > 0 and var rejected ? $"{Count(written)} written, {Count(rejected)} rejected" : $"{Count(written)} rows written",
        { State: JobState.Scheduled } => $"next attempt {Clock(job.RunAt, zone)}",
        { State: JobState.Enqueued } => "waiting for a worker",
        { ProgressTotal: { } total } => $"{Count(job.ProgressDone)} of {Count(total)} rows",
        _ => $"{Count(job.ProgressDone)} rows",
    };

    public static string Clock(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string FirstLine(string text, int max)
    {
        var line = text.Split('\n', 2)[0];
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}

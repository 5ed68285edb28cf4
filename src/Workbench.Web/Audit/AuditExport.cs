using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.WebUtilities;
using Workbench.Application.Audit;
using Workbench.Web.Account;
using Workbench.Core.Text;

namespace Workbench.Web.Audit;

/// <summary><c>GET /audit/export.csv</c> with the page's filters: the matching rows, streamed. The export itself is audited.</summary>
public static class AuditExport
{
    public const string Path = "/audit/export.csv";

    public static string Url(AuditFilter filter)
    {
        var query = new Dictionary<string, string?>
        {
            ["actor"] = filter.Actor,
            ["action"] = filter.Action,
            ["entity"] = filter.Entity,
            ["from"] = filter.From?.UtcDateTime.ToString("o"),
            ["to"] = filter.To?.UtcDateTime.ToString("o"),
        };
        return QueryHelpers.AddQueryString(Path.TrimStart('/'), query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }

    public static void Map(WebApplication app) =>
        app.MapGet(Path, ExportAsync).RequireAuthorization(Policies.AuditReader);

    private static async Task ExportAsync(
        HttpContext context, AuditQuery query, AuditLog audit, string? actor, string? action, string? entity, DateTimeOffset? from, DateTimeOffset? to)
    {
        var filter = new AuditFilter(actor, action, entity, from, to);
        await audit.RecordAsync(new AuditEntry("audit.export", "audit", Details: filter), context.RequestAborted);

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"workbench-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "id", "occurred_at", "actor", "action", "entity_kind", "entity_id", "entity_version", "outcome", "client_address", "details" })
            csv.WriteField(header);
        await csv.NextRecordAsync();
        await foreach (var row in query.StreamAsync(filter, context.RequestAborted))
        {
            csv.WriteField(row.Id);
            csv.WriteField(row.OccurredAt.UtcDateTime.ToString("o"));
            csv.WriteField(CsvFormulaGuard.Cell(row.Actor));
            csv.WriteField(CsvFormulaGuard.Cell(row.Action));
            csv.WriteField(CsvFormulaGuard.Cell(row.EntityKind));
            csv.WriteField(CsvFormulaGuard.Cell(row.EntityId));
            csv.WriteField(row.EntityVersion);
            csv.WriteField(CsvFormulaGuard.Cell(row.Outcome));
            csv.WriteField(CsvFormulaGuard.Cell(row.ClientAddress));
            csv.WriteField(CsvFormulaGuard.Cell(row.Details));
            await csv.NextRecordAsync();
        }
    }
}

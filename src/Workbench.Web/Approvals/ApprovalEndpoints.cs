using Workbench.Core.Mapping;
using Workbench.Application.Approvals;
using Workbench.Web.Account;

namespace Workbench.Web.Approvals;

/// <summary>The approval workflow over HTTP (README, "Approvals"). Refusals answer JSON <c>{status, error, reason}</c>.</summary>
internal static class ApprovalEndpoints
{
    /// <summary>The request body of every action; a rejection needs the comment.</summary>
    public sealed record CommentBody(string? Comment);

    public static void Map(IEndpointRouteBuilder app)
    {
        var versionRoutes = app.MapGroup("/api/views/{id:guid}/versions/{version:int}");
        versionRoutes.MapPost("/submit", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.SubmitAsync(id, version, body?.Comment, ct))).RequireAuthorization(Policies.Steward);
        versionRoutes.MapPost("/withdraw", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.WithdrawAsync(id, version, body?.Comment, ct))).RequireAuthorization(Policies.Steward);
        versionRoutes.MapPost("/approve", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.ApproveAsync(id, version, body?.Comment, ct))).RequireAuthorization(Policies.Approver);
        versionRoutes.MapPost("/reject", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.RejectAsync(id, version, body?.Comment ?? "", ct))).RequireAuthorization(Policies.Approver);
        app.MapGet("/api/approvals", async (ApprovalQueries queries, CancellationToken ct) => Results.Ok(await queries.PendingAsync(ct)));
    }

    private static async Task<IResult> AnswerAsync(Guid id, int version, Task<ApprovalOutcome> action)
    {
        var outcome = await action;
        var status = outcome.Result switch
        {
            ApprovalResult.Done => StatusCodes.Status200OK,
            ApprovalResult.NotFound => StatusCodes.Status404NotFound,
            ApprovalResult.Forbidden or ApprovalResult.SelfApproval => StatusCodes.Status403Forbidden,
            ApprovalResult.WrongState => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return outcome.Succeeded
            ? Results.Ok(new { viewId = id, version, status = outcome.Status?.Name(), message = outcome.Message })
            : Results.Json(new { status, error = outcome.Message, reason = Reason(outcome.Result) }, statusCode: status);
    }

    private static string Reason(ApprovalResult result) => result switch
    {
        ApprovalResult.SelfApproval => "self-approval",
        ApprovalResult.WrongState => "wrong-state",
        ApprovalResult.NotFound => "not-found",
        ApprovalResult.Forbidden => "forbidden",
        _ => "invalid",
    };
}

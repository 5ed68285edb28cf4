using Workbench.Core.Mapping;
using Workbench.Application.Approvals;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Approvals;

/// <summary>The approval workflow over HTTP (docs/approvals.md). Refusals answer ProblemDetails with <c>error</c> and <c>reason</c>.</summary>
internal static class ApprovalEndpoints
{
    /// <summary>The request body of every action; a rejection needs the comment.</summary>
    public sealed record CommentBody(string? Comment);

    /// <summary>The answer of a move that was made.</summary>
    public sealed record Moved(Guid ViewId, int Version, VersionStatus? Status, string Message);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api", "Approvals");
        const string Version = "/views/{id:guid}/versions/{version:int}";
        Move(api.MapPost(Version + "/submit", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.SubmitAsync(id, version, body?.Comment, ct))), Policies.Steward,
            "SubmitVersion", "Submits a draft version for approval.");
        Move(api.MapPost(Version + "/withdraw", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.WithdrawAsync(id, version, body?.Comment, ct))), Policies.Steward,
            "WithdrawVersion", "Withdraws a submitted version back to draft.");
        Move(api.MapPost(Version + "/approve", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.ApproveAsync(id, version, body?.Comment, ct))), Policies.Approver,
            "ApproveVersion", "Approves a submitted version (not one the caller submitted).");
        Move(api.MapPost(Version + "/reject", (Guid id, int version, CommentBody? body, ApprovalService approvals, CancellationToken ct) =>
            AnswerAsync(id, version, approvals.RejectAsync(id, version, body?.Comment ?? "", ct))), Policies.Approver,
            "RejectVersion", "Rejects a submitted version; the comment is required.");
        api.MapGet("/approvals", async (ApprovalQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.PendingAsync(ct)))
            .WithName("ListPendingApprovals").WithSummary("The submitted versions waiting for a decision.");
    }

    private static void Move(RouteHandlerBuilder endpoint, string policy, string name, string summary) =>
        endpoint.RequireRole(policy).WithName(name).WithSummary(summary)
            .Produces<Moved>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>A refusal is a problem that also keeps the fields it had before (<c>error</c>, <c>reason</c>).</summary>
    private static async Task<IResult> AnswerAsync(Guid id, int version, Task<ApprovalOutcome> action)
    {
        var outcome = await action;
        var status = outcome.Result switch
        {
            ApprovalResult.Done => StatusCodes.Status200OK,
            ApprovalResult.NotFound => StatusCodes.Status404NotFound,
            ApprovalResult.Forbidden or ApprovalResult.SelfApproval => StatusCodes.Status403Forbidden,
            ApprovalResult.WrongState or ApprovalResult.Dissolved => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return outcome.Succeeded
            ? TypedResults.Ok(new Moved(id, version, outcome.Status, outcome.Message))
            : ApiProblem.Result(status, outcome.Message, new Dictionary<string, object?>
            {
                ["error"] = outcome.Message,
                ["reason"] = Reason(outcome.Result),
            });
    }

    private static string Reason(ApprovalResult result) => result switch
    {
        ApprovalResult.SelfApproval => "self-approval",
        ApprovalResult.WrongState => "wrong-state",
        ApprovalResult.Dissolved => "dissolved",
        ApprovalResult.NotFound => "not-found",
        ApprovalResult.Forbidden => "forbidden",
        _ => "invalid",
    };
}

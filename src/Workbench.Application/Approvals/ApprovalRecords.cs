using Workbench.Core.Mapping;
namespace Workbench.Application.Approvals;

/// <summary>What a review row records; also the audit actions <c>approval.submit</c> and so on.</summary>
public static class ReviewAction
{
    public const string Submit = "submit";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Withdraw = "withdraw";
}

/// <summary>How an approval action ended. Expected refusals are outcomes with a message, never exceptions.</summary>
public enum ApprovalResult
{
    Done,
    NotFound,

    /// <summary>The user lacks the role the action needs.</summary>
    Forbidden,

    /// <summary>The author of a version tried to approve or reject it.</summary>
    SelfApproval,

    /// <summary>The version is not in a status the action starts from.</summary>
    WrongState,

    /// <summary>The view is dissolved: none of its versions moves on until an admin restores it.</summary>
    Dissolved,

    /// <summary>The request itself is incomplete, e.g. a rejection without a comment.</summary>
    Invalid,
}

public sealed record ApprovalOutcome(ApprovalResult Result, string Message, VersionStatus? Status = null)
{
    public bool Succeeded => Result == ApprovalResult.Done;
}

/// <summary>A version waiting for a decision, with the quality preview attached when it was submitted.</summary>
public sealed record PendingApproval(
    Guid ViewId,
    string ViewName,
    int Version,
    string Author,
    DateTimeOffset SubmittedAt,
    string SubmittedBy,
    string? Comment,
    long? QualityRunId);

/// <summary>One submit, approve, reject or withdraw, as stored in <c>view_review</c>.</summary>
public sealed record ReviewRecord(
    long Id,
    Guid ViewId,
    string ViewName,
    int Version,
    string Action,
    string Actor,
    DateTimeOffset OccurredAt,
    string? Comment,
    long? QualityRunId);

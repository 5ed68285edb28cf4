namespace Workbench.Web.Approvals;

/// <summary>What an approver decides on a submitted version.</summary>
public enum Decision
{
    Approve,
    Reject,
}

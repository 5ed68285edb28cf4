namespace Workbench.Application.Approvals;

/// <summary>
/// Tells open pages of this process (the navigation badge, the Approvals page) that a version was submitted,
/// decided or withdrawn, so they re-read at once. Other processes on the same store catch up when their users navigate.
/// </summary>
public sealed class ApprovalSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}

namespace Workbench.Application.Accounts;

/// <summary>What reserving a sign-in attempt found: whether the password may be checked at all.</summary>
public enum AttemptReservation
{
    /// <summary>Counted as a failure until the password proves right; check it.</summary>
    Reserved,

    /// <summary>Locked already; refuse without checking the password.</summary>
    Locked,

    /// <summary>The attempts in flight had used up the limit, so this one locked the account; refuse without checking.</summary>
    LockedNow,
}

namespace Workbench.Application.Privacy;

/// <summary>Why someone asks to see personal values unmasked; the audit trail keeps the purpose with the access.</summary>
public enum UnmaskPurpose
{
    QualityInvestigation,
    Reconciliation,
    DataSubjectRequest,
    IncidentInvestigation,
}

public static class UnmaskPurposes
{
    public static string Describe(UnmaskPurpose purpose) => purpose switch
    {
        UnmaskPurpose.QualityInvestigation => "Investigating a data quality problem",
        UnmaskPurpose.Reconciliation => "Reconciling migrated records with the source",
        UnmaskPurpose.DataSubjectRequest => "Answering a data subject's request",
        UnmaskPurpose.IncidentInvestigation => "Investigating an incident",
        _ => purpose.ToString(),
    };

    /// <summary>Reads a purpose as the API and the command line take it: its name, any case (<c>reconciliation</c>).</summary>
    public static UnmaskPurpose? Parse(string? text) =>
        Enum.TryParse<UnmaskPurpose>(text, ignoreCase: true, out var purpose) && Enum.IsDefined(purpose) && !int.TryParse(text, out _)
            ? purpose
            : null;
}

namespace Workbench.Core.Privacy;

/// <summary>A mark the profiler proposes for a field, with the reason a steward reads before confirming it.</summary>
public sealed record PersonalDataProposal(PersonalDataKind Kind, string Reason);

namespace Workbench.Core.Privacy;

/// <summary>What kind of personal data a field holds; a field that holds none has no kind at all.</summary>
public enum PersonalDataKind
{
    Name,
    Email,
    Phone,
    DateOfBirth,
    NationalId,
    Address,
    AccountNumber,
    FreeText,
}

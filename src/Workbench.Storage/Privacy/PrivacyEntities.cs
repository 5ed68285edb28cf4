namespace Workbench.Storage.Privacy;

/// <summary>A row of <c>personal_data_mark</c>: whether a dataset's field holds personal data, proposed or decided.</summary>
public sealed class PersonalDataMarkEntity
{
    public Guid DatasetId { get; set; }

    public string Field { get; set; } = null!;

    public string Kind { get; set; } = null!;

    public string State { get; set; } = null!;

    public string Reason { get; set; } = null!;

    public string? DecidedBy { get; set; }

    public DateTime UpdatedAt { get; set; }
}

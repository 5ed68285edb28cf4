namespace Workbench.Core.Schema;

/// <summary>The types the workbench reasons about, whatever a source calls them natively.</summary>
public enum FieldType
{
    Unknown = 0,
    Text,
    Integer,
    Decimal,
    Boolean,
    Date,
    Timestamp,
    Json,
}

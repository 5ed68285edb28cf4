using System.Globalization;
using Workbench.Core.Privacy;

namespace Workbench.Application.Privacy;

/// <summary>
/// Which fields of what is about to be shown hold personal data, and whether they are shown masked or (for a purpose,
/// audited) unmasked. Values of the other fields pass untouched.
/// </summary>
public sealed class FieldMasking
{
    private readonly ValueMasker? _masker;

    internal FieldMasking(IReadOnlySet<string> personalFields, ValueMasker? masker, UnmaskPurpose? purpose)
    {
        PersonalFields = personalFields;
        _masker = masker;
        Purpose = purpose;
    }

    /// <summary>Nothing personal to show.</summary>
    public static FieldMasking None { get; } = new(new HashSet<string>(StringComparer.Ordinal), null, null);

    /// <summary>The personal <paramref name="fields"/> shown masked by <paramref name="masker"/>.</summary>
    public static FieldMasking Masked(IReadOnlySet<string> fields, ValueMasker masker) => new(fields, masker, null);

    public IReadOnlySet<string> PersonalFields { get; }

    /// <summary>The purpose the values are shown unmasked for; null when personal values are masked.</summary>
    public UnmaskPurpose? Purpose { get; }

    public bool Masks(string field) => _masker is not null && PersonalFields.Contains(field);

    public string? Text(string field, string? value) => Masks(field) ? _masker!.Mask(value) : value;

    /// <summary>A value of any type as shown: a masked one becomes its masked text (its type is part of what is hidden).</summary>
    public object? Value(string field, object? value) =>
        !Masks(field) || value is null or DBNull ? value : _masker!.Mask(Convert.ToString(value, CultureInfo.InvariantCulture));
}

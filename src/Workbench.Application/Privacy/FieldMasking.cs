using System.Globalization;
using Workbench.Core.Privacy;

namespace Workbench.Application.Privacy;

/// <summary>
/// Which fields of what is about to be shown hold personal data, and whether they are shown masked or (for a purpose,
/// audited) unmasked. Values of the other fields pass untouched.
/// </summary>
public sealed class FieldMasking
{
    /// <summary>
    /// The name that stands for a view's join key among <see cref="PersonalFields"/>: the key is personal when a key
    /// field of a dataset is (an e-mail address joining two sources shows in every issue row and query row).
    /// </summary>
    public const string Key = "_key";

    private readonly ValueMasker? _masker;
    private readonly bool _everyField;

    internal FieldMasking(IReadOnlySet<string> personalFields, ValueMasker? masker, UnmaskPurpose? purpose, bool everyField = false)
    {
        PersonalFields = personalFields;
        _masker = masker;
        Purpose = purpose;
        _everyField = everyField;
    }

    /// <summary>Nothing personal to show.</summary>
    public static FieldMasking None { get; } = new(new HashSet<string>(StringComparer.Ordinal), null, null);

    /// <summary>The personal <paramref name="fields"/> shown masked by <paramref name="masker"/>.</summary>
    public static FieldMasking Masked(IReadOnlySet<string> fields, ValueMasker masker) => new(fields, masker, null);

    /// <summary>
    /// Every field masked: for values whose fields can no longer be told personal or not (the view version of a stored
    /// run is gone), masking all is the only safe answer.
    /// </summary>
    public static FieldMasking EveryField(ValueMasker masker) => new(new HashSet<string>(StringComparer.Ordinal), masker, null, everyField: true);

    public IReadOnlySet<string> PersonalFields { get; }

    /// <summary>True when some value shown through this masking may be masked.</summary>
    public bool MasksAny => _masker is not null && (_everyField || PersonalFields.Count > 0);

    /// <summary>The purpose the values are shown unmasked for; null when personal values are masked.</summary>
    public UnmaskPurpose? Purpose { get; }

    public bool Masks(string field) => _masker is not null && (_everyField || PersonalFields.Contains(field));

    public string? Text(string field, string? value) => Masks(field) ? _masker!.Mask(value) : value;

    /// <summary>A value of any type as shown: a masked one becomes its masked text (its type is part of what is hidden).</summary>
    public object? Value(string field, object? value) =>
        !Masks(field) || value is null or DBNull ? value : _masker!.Mask(Convert.ToString(value, CultureInfo.InvariantCulture));
}

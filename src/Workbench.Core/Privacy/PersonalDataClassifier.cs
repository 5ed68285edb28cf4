using Workbench.Core.Mapping.Suggestions;

namespace Workbench.Core.Privacy;

/// <summary>
/// Proposes whether a field holds personal data, from its name first and then from sampled values. It proposes; a
/// steward confirms or clears. Names decide the kinds values cannot show (a date is a birth date only when the name
/// says so); values catch what a legacy name hides (<c>fld7</c> full of e-mail addresses).
/// </summary>
public static class PersonalDataClassifier
{
    /// <summary>The share of sampled non-blank values a pattern must match before the values alone propose a mark.</summary>
    public const double ValueShare = 0.8;

    public static PersonalDataProposal? Propose(string fieldName, IEnumerable<string?> sampledValues)
    {
        var words = NameTokens.Of(fieldName);
        return FromName(words) is { } kind
            ? new PersonalDataProposal(kind, $"the name \"{fieldName}\" says {Describe(kind)}")
            : FromValues(sampledValues);
    }

    public static string Describe(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Name => "a person's name",
        PersonalDataKind.Email => "an e-mail address",
        PersonalDataKind.Phone => "a phone number",
        PersonalDataKind.DateOfBirth => "a date of birth",
        PersonalDataKind.NationalId => "a national identity number",
        PersonalDataKind.Address => "a postal address",
        PersonalDataKind.AccountNumber => "an account or card number",
        PersonalDataKind.FreeText => "free text that may name people",
        _ => kind.ToString(),
    };

    private static PersonalDataKind? FromName(IReadOnlyList<string> words)
    {
        bool Has(params string[] any) => words.Any(any.Contains);
        if (Has("birth", "born", "birthday", "birthdate"))
            return PersonalDataKind.DateOfBirth;
        if (Has("email", "mail"))
            return PersonalDataKind.Email;
        if (Has("phone", "mobile", "cell", "fax", "telephone"))
            return PersonalDataKind.Phone;
        if (Has("ssn", "nino", "passport", "personnummer") || (Has("national", "social", "tax") && Has("id", "security")))
            return PersonalDataKind.NationalId;
        if (Has("iban", "acct") || (Has("account", "card") && (words.Count == 1 || Has("id", "bank", "credit", "debit"))))
            return PersonalDataKind.AccountNumber;
        if (Has("address", "street", "postcode", "zip", "postal", "city", "town"))
            return PersonalDataKind.Address;
        // policy_holder_id names a key, not a person.
        if (!Has("id") && (Has("surname", "forename", "firstname", "lastname", "fullname", "holder", "insured", "beneficiary") ||
            (Has("name") && (words.Count == 1 || Has(PersonWords)))))
            return PersonalDataKind.Name;
        if (Has("note", "notes", "comment", "comments", "remark", "remarks", "memo"))
            return PersonalDataKind.FreeText;
        return null;
    }

    /// <summary>Words that make a <c>name</c> field a person's (customer_name) rather than a thing's (product_name).</summary>
    private static readonly string[] PersonWords =
        ["first", "last", "given", "family", "full", "middle", "maiden", "customer", "client", "contact", "person", "owner", "user", "member", "patient", "employee"];

    private static PersonalDataProposal? FromValues(IEnumerable<string?> sampledValues)
    {
        var values = sampledValues.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Take(1000).ToList();
        if (values.Count == 0)
            return null;
        foreach (var (kind, test) in ValueTests)
        {
            var hits = values.Count(test);
            if (hits >= ValueShare * values.Count)
                return new PersonalDataProposal(kind, $"{hits:N0} of {values.Count:N0} sampled values look like {Describe(kind)}");
        }
        return null;
    }

    private static readonly (PersonalDataKind Kind, Func<string, bool> Test)[] ValueTests =
    [
        (PersonalDataKind.Email, ValuePatterns.IsEmail),
        (PersonalDataKind.AccountNumber, v => ValuePatterns.IsIban(v) || ValuePatterns.IsCardNumber(v)),
        (PersonalDataKind.NationalId, ValuePatterns.IsUsSocialSecurityNumber),
        (PersonalDataKind.Phone, ValuePatterns.IsPhone),
    ];
}

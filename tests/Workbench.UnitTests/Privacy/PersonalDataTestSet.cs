using Workbench.Core.Privacy;

namespace Workbench.UnitTests.Privacy;

/// <summary>
/// Fields as legacy systems name and fill them, with the mark a careful steward would give each. Kept apart from the
/// classifier's rules so that a rule added to pass one case is measured against all of them.
/// </summary>
internal static class PersonalDataTestSet
{
    public sealed record Case(string Field, string[] Values, PersonalDataKind? Expected);

    private static readonly string[] None = [];

    public static readonly Case[] Cases =
    [
        // The demo's datasets.
        new("pol_num", ["POL-0001", "POL-0002"], null),
        new("pol_holder", ["Ada Lovelace", "Alan Turing"], PersonalDataKind.Name),
        new("premium", ["120.50", "99.00"], null),
        new("eff_dt", ["2021-03-15", "2022-01-01"], null),
        new("policyId", ["POL-0001"], null),
        new("holderName", ["Ada Lovelace"], PersonalDataKind.Name),
        new("premiumAmount", ["120.5"], null),
        new("policy_id", None, null),
        new("holder_name", None, PersonalDataKind.Name),
        // Names.
        new("first_name", ["Ada"], PersonalDataKind.Name),
        new("LASTNAME", ["LOVELACE"], PersonalDataKind.Name),
        new("cust_nm", ["Ada Lovelace"], PersonalDataKind.Name),
        new("Surname", ["Turing"], PersonalDataKind.Name),
        new("name", ["Grace Hopper"], PersonalDataKind.Name),
        new("product_name", ["Home cover"], null),
        new("company_name", ["Acme Ltd"], null),
        new("file_name", ["export.csv"], null),
        new("policy_holder_id", ["H-77"], null),
        // Contact.
        new("email", ["ada@example.org"], PersonalDataKind.Email),
        new("E_MAIL_ADDR", ["ada@example.org"], PersonalDataKind.Email),
        new("fld7", ["ada@example.org", "alan@example.com", "grace@example.net"], PersonalDataKind.Email),
        new("tel", ["+44 20 7946 0958"], PersonalDataKind.Phone),
        new("mobile_no", ["07700 900123"], PersonalDataKind.Phone),
        new("contact", ["+44 20 7946 0958", "+49 30 901820", "+1 (555) 010-9999"], PersonalDataKind.Phone),
        new("mail_merge_template", ["T1"], null),
        // Dates.
        new("dob", ["1815-12-10"], PersonalDataKind.DateOfBirth),
        new("birth_date", ["10.12.1815"], PersonalDataKind.DateOfBirth),
        new("date_of_birth", ["1815-12-10"], PersonalDataKind.DateOfBirth),
        new("start_date", ["2021-03-15", "2022-01-01"], null),
        new("created_at", ["2021-03-15 10:00:00"], null),
        // Identity and accounts.
        new("ssn", ["078-05-1120"], PersonalDataKind.NationalId),
        new("national_id", ["AB123456C"], PersonalDataKind.NationalId),
        new("tax_id", ["12345678"], PersonalDataKind.NationalId),
        new("passport_no", ["533380006"], PersonalDataKind.NationalId),
        new("ref_code", ["078-05-1120", "219-09-9999"], PersonalDataKind.NationalId),
        new("iban", ["GB82 WEST 1234 5698 7654 32"], PersonalDataKind.AccountNumber),
        new("bank_account", ["12345678"], PersonalDataKind.AccountNumber),
        new("card_number", ["4111 1111 1111 1111"], PersonalDataKind.AccountNumber),
        new("pay_ref", ["GB82WEST12345698765432", "DE89370400440532013000"], PersonalDataKind.AccountNumber),
        new("account_type", ["gold"], null),
        // Addresses.
        new("street", ["12 High St"], PersonalDataKind.Address),
        new("addr_line1", ["12 High St"], PersonalDataKind.Address),
        new("postcode", ["SW1A 1AA"], PersonalDataKind.Address),
        new("city", ["London"], PersonalDataKind.Address),
        // Free text.
        new("notes", ["called back, spoke to Mrs Smith"], PersonalDataKind.FreeText),
        new("claim_comment", ["see letter"], PersonalDataKind.FreeText),
        // Plain codes and numbers that must not pass for personal values.
        new("order_id", ["1000001", "1000002", "1000003"], null),
        new("status", ["ACTIVE", "LAPSED"], null),
        new("amount", ["-1234.50", "99.99"], null),
        new("version", ["1.2.3", "2.0.0"], null),
        new("region_code", ["EU-WEST-1"], null),
        new("description", ["Buildings and contents"], null),
    ];
}

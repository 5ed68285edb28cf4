using System.Globalization;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// The insurance demo, generated from a fixed seed so every run and every test sees the same rows: legacy
/// policies with real-looking defects, and the FAST API's view of (most of) the same policies.
/// </summary>
public static class DemoPolicies
{
    public const int LegacyCount = 3000;
    private const int Seed = 20261122;

    public sealed record LegacyPolicy(string PolNum, string PolHolder, decimal? Premium, string? EffDate, string Status);

    public sealed record FastPolicy(string PolicyId, string HolderName, decimal? PremiumAmount, string? EffectiveDate);

    private static readonly string[] First = ["Anna", "Bernd", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Katarzyna", "Lars", "Marta", "Noah", "Olga", "Pierre", "Renée", "Søren", "Tomás", "Ute"];
    private static readonly string[] Last = ["Keller", "Müller", "Rossi", "Novak", "Yılmaz", "Haddad", "Lindqvist", "Dubois", "García", "Weber", "Kowalska", "Berg", "O'Neill", "Schmidt", "Petrova", "Martin"];
    private static readonly string[] Statuses = ["active", "active", "active", "lapsed", "cancelled", "ACTIVE", "Active "];

    public static IReadOnlyList<LegacyPolicy> Legacy { get; } = BuildLegacy();

    public static IReadOnlyList<FastPolicy> Fast { get; } = BuildFast();

    private static List<LegacyPolicy> BuildLegacy()
    {
        var random = new Random(Seed);
        var policies = new List<LegacyPolicy>(LegacyCount + 40);
        for (var i = 1; i <= LegacyCount; i++)
        {
            var holder = $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}";
            if (random.Next(25) == 0)
                holder += "  ";
            decimal? premium = random.Next(30) == 0 ? null : Math.Round((decimal)(random.NextDouble() * 2400 + 120), 2);
            var date = new DateTime(2015, 1, 1).AddDays(random.Next(3650));
            var effDate = (random.Next(40), random.Next(4)) switch
            {
                (0, _) => null,
                (1, _) => "31.02.2019",
                (2, _) => "n/a",
                (3, _) => "2021-13-45",
                (_, 0) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (_, 1) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
                (_, 2) => date.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                _ => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            };
            policies.Add(new LegacyPolicy($"POL-{i:D6}", holder, premium, effDate, Statuses[random.Next(Statuses.Length)]));
        }
        // Duplicate policy numbers: a re-keyed policy whose old row was never removed.
        for (var d = 0; d < 40; d++)
        {
            var original = policies[random.Next(LegacyCount)];
            policies.Add(original with { Status = "cancelled", Premium = original.Premium is { } p ? p + 1 : null });
        }
        return policies;
    }

    private static List<FastPolicy> BuildFast()
    {
        var fast = new List<FastPolicy>();
        var seen = new HashSet<string>();
        foreach (var (policy, index) in Legacy.Select((p, i) => (p, i)))
        {
            // About one in eleven legacy policies never reached the new platform.
            if (index % 11 == 5 || !seen.Add(policy.PolNum))
                continue;
            var premium = index % 37 == 3 && policy.Premium is { } p ? p + 10.00m : policy.Premium;
            fast.Add(new FastPolicy(policy.PolNum, policy.PolHolder.Trim(), premium, Iso(policy.EffDate)));
        }
        var random = new Random(Seed + 1);
        for (var i = 1; i <= 120; i++)
            fast.Add(new FastPolicy($"POL-9{i:D5}", $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}",
                Math.Round((decimal)(random.NextDouble() * 2000 + 200), 2), new DateTime(2024, 1, 1).AddDays(random.Next(600)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return fast;
    }

    private static string? Iso(string? text) =>
        text is not null && DateTime.TryParseExact(text, ["yyyy-MM-dd", "dd.MM.yyyy", "MM/dd/yyyy", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
}

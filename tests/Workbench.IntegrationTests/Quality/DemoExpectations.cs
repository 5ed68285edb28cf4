using System.Globalization;
using Workbench.Web.Sources.Demo;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// What a preview of the demo view must count, worked out from the demo's rows with the view's own rules: the
/// first row of a key represents it, legacy dates read with the demo view's formats, FAST dates are ISO.
/// </summary>
internal static class DemoExpectations
{
    private static readonly string[] LegacyDateFormats = ["yyyy-MM-dd", "dd.MM.yyyy", "MM/dd/yyyy", "yyyyMMdd"];

    public static readonly IReadOnlyDictionary<string, DemoPolicies.LegacyPolicy> Legacy = DemoPolicies.Legacy
        .GroupBy(p => p.PolNum).ToDictionary(g => g.Key, g => g.First());

    public static readonly IReadOnlyDictionary<string, DemoPolicies.FastPolicy> Fast = DemoPolicies.Fast
        .GroupBy(p => p.PolicyId).ToDictionary(g => g.Key, g => g.First());

    public static long InBoth => Legacy.Keys.Count(Fast.ContainsKey);

    public static long OnlyLegacy => Legacy.Count - InBoth;

    public static long OnlyFast => Fast.Count - InBoth;

    public static (long Keys, long ExtraRows) LegacyDuplicates =>
        (DemoPolicies.Legacy.GroupBy(p => p.PolNum).Count(g => g.Count() > 1), DemoPolicies.Legacy.Count - Legacy.Count);

    public static long PremiumMismatches => Legacy.Count(l =>
        Fast.TryGetValue(l.Key, out var f) && l.Value.Premium is { } lp && f.PremiumAmount is { } fp && lp != fp);

    public static long LegacyPremiumNulls => Legacy.Values.Count(p => p.Premium is null);

    public static long LegacyDateNulls => Legacy.Values.Count(p => p.EffDate is null);

    public static long LegacyDateInvalid => Legacy.Values.Count(p => p.EffDate is { } d && LegacyDate(d) is null);

    public static long DateMismatches => Legacy.Count(l =>
        Fast.TryGetValue(l.Key, out var f) && l.Value.EffDate is { } ld && LegacyDate(ld) is { } date &&
        f.EffectiveDate is { } fd && date != DateOnly.ParseExact(fd, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static DateOnly? LegacyDate(string text) =>
        DateOnly.TryParseExact(text, LegacyDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

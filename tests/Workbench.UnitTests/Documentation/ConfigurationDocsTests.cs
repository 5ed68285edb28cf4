using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Application.Jobs;
using Workbench.Storage;
using Xunit;

namespace Workbench.UnitTests.Documentation;

/// <summary>
/// The configuration table of docs/configuration.md against appsettings.json and the code: every key the file has is
/// documented with the file's value as its default, every key the code reads is documented, and the table names no key
/// the file lacks unless it marks it "not in appsettings.json".
/// </summary>
public sealed partial class ConfigurationDocsTests
{
    private const string Page = "docs/configuration.md";
    private const string NotInFile = "not in appsettings.json";
    private static readonly string[] Header = ["Key", "Default", "Meaning"];

    private sealed record Row(int Line, string Key, string Default)
    {
        public bool IsPrefix => Key.EndsWith(":*", StringComparison.Ordinal);

        public bool MarkedNotInFile => Default.Contains(NotInFile, StringComparison.Ordinal);

        public bool Covers(string key) =>
            IsPrefix ? key.StartsWith(Key[..^1], StringComparison.OrdinalIgnoreCase) : string.Equals(key, Key, StringComparison.OrdinalIgnoreCase);
    }

    private static List<Row> Table(string page = Page) =>
        Docs.Read(page).TableRows(Header)
            .Select(r => new Row(r.Line, r.Cells[0].Trim('`'), r.Cells[1]))
            .ToList();

    /// <summary>appsettings.json flattened to configuration keys (<c>Sources:Rest:AllowedNetworks</c>) and their values as text.</summary>
    internal static IReadOnlyDictionary<string, string> AppSettings()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docs.Root, "appsettings.json")));
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Flatten(string prefix, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                        Flatten(prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", property.Value);
                    break;
                case JsonValueKind.Array when element.GetArrayLength() == 0:
                    keys[prefix] = "";
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                        Flatten($"{prefix}:{index++}", item);
                    break;
                case JsonValueKind.String:
                    keys[prefix] = element.GetString()!;
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    keys[prefix] = element.GetBoolean() ? "true" : "false";
                    break;
                default:
                    keys[prefix] = element.GetRawText();
                    break;
            }
        }
        Flatten("", json.RootElement);
        return keys;
    }

    /// <summary>The default a row states: <c>empty</c> is the empty value, otherwise its first code span.</summary>
    private static string? StatedDefault(Row row)
    {
        if (row.Default.StartsWith("empty", StringComparison.Ordinal))
            return "";
        return Docs.CodeSpans(row.Default).FirstOrDefault();
    }

    [Fact]
    public void Every_key_of_appsettings_json_is_in_the_configuration_table()
    {
        var table = Table();
        Assert.NotEmpty(table);

        var missing = AppSettings().Keys.Where(key => !table.Any(row => row.Covers(key))).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0,
            $"{Page} has no row for these keys of appsettings.json: {string.Join(", ", missing)}. Add a row | `Key` | `default` | meaning |.");
    }

    [Fact]
    public void The_table_names_no_key_that_appsettings_json_lacks_unless_it_says_so()
    {
        var settings = AppSettings();

        var problems = new List<string>();
        foreach (var row in Table().Where(r => !r.IsPrefix))
        {
            var inFile = settings.ContainsKey(row.Key);
            if (!inFile && !row.MarkedNotInFile)
                problems.Add($"line {row.Line}: `{row.Key}` is not in appsettings.json; mark its default \"({NotInFile})\" or remove the row");
            if (inFile && row.MarkedNotInFile)
                problems.Add($"line {row.Line}: `{row.Key}` is marked \"{NotInFile}\" but appsettings.json has it");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_stated_default_is_the_value_in_appsettings_json()
    {
        var settings = AppSettings();
        var rows = Docs.Pages.SelectMany(page => Table(page).Select(row => (page, row))).Where(x => !x.row.IsPrefix).ToList();
        Assert.Contains(rows, x => x.page == "docs/security.md");

        var problems = new List<string>();
        foreach (var (page, row) in rows)
        {
            if (!settings.TryGetValue(row.Key, out var value))
                continue;
            var stated = StatedDefault(row);
            if (stated != value)
                problems.Add($"{page} line {row.Line}: `{row.Key}` is documented with default {(stated is null ? "(none)" : $"'{stated}'")}, appsettings.json says '{value}'");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Keys_outside_appsettings_json_are_documented_with_the_default_of_the_code()
    {
        var options = OptionKeys().ToDictionary(o => o.Key, o => o.Default, StringComparer.OrdinalIgnoreCase);
        var sources = SourceText();

        var problems = new List<string>();
        foreach (var row in Table().Where(r => r.MarkedNotInFile))
        {
            if (options.TryGetValue(row.Key, out var codeDefault))
            {
                var stated = StatedDefault(row);
                if (stated != codeDefault)
                    problems.Add($"line {row.Line}: `{row.Key}` is documented with default '{stated}', the code's is '{codeDefault}'");
            }
            else if (!sources.Contains($"\"{row.Key}\"", StringComparison.Ordinal))
            {
                problems.Add($"line {row.Line}: `{row.Key}` is neither in an options class nor a string in src/: does the code read it?");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_setting_of_an_options_class_is_in_the_configuration_table()
    {
        var table = Table();
        var keys = OptionKeys().Select(o => o.Key).ToList();
        Assert.Contains("Jobs:DispatchSweepSeconds", keys);
        Assert.Contains("Store:Embedded:Port", keys);

        var missing = keys.Where(key => !table.Any(row => row.Covers(key))).ToList();

        Assert.True(missing.Count == 0, $"{Page} has no row for these settings the code binds: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_key_the_code_names_is_in_the_configuration_table()
    {
        var table = Table();
        var named = ConfigurationKeyLiteral().Matches(SourceText()).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("Quality:PushdownViews", named);
        Assert.Contains("Demo:FastApiFile", named);

        // A key, or a section the code binds whole (Accounts:Lockout).
        var missing = named.Where(key => !table.Any(row => row.Covers(key) || row.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.True(missing.Count == 0, $"src/ reads these keys that {Page} does not list: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// The settings of every options class bound from a section (a <c>public const string Section</c>), with the default
    /// its property has in code; nested option objects (<c>Store:Embedded</c>, <c>Sources:Rest</c>) are walked too.
    /// </summary>
    private static IEnumerable<(string Key, string Default)> OptionKeys()
    {
        Assembly[] assemblies = [typeof(JobOptions).Assembly, typeof(StoreOptions).Assembly];
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section || type.GetConstructor(Type.EmptyTypes) is null)
                continue;
            foreach (var setting in Settings(section, Activator.CreateInstance(type)!))
                yield return setting;
        }
    }

    private static IEnumerable<(string Key, string Default)> Settings(string prefix, object instance)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.CanRead))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            var type = property.PropertyType;
            if (type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && value is not null)
            {
                foreach (var nested in Settings(key, value))
                    yield return nested;
                continue;
            }
            yield return (key, value switch
            {
                null => "",
                bool b => b ? "true" : "false",
                System.Collections.IEnumerable list and not string => list.Cast<object>().Any() ? string.Join(",", list.Cast<object>()) : "",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            });
        }
    }

    /// <summary>Every C# and Razor file of src/, as one text.</summary>
    private static string SourceText() =>
        string.Join('\n', Directory.EnumerateFiles(Path.Combine(Docs.Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".razor", StringComparison.Ordinal))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

    /// <summary>A string literal shaped like a configuration key: <c>"Section:Key"</c>.</summary>
    [GeneratedRegex("\"([A-Z][A-Za-z]+(?::[A-Z][A-Za-z]*)+)\"")]
    private static partial Regex ConfigurationKeyLiteral();
}

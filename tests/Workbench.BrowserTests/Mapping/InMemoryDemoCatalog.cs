using System.Globalization;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.BrowserTests.Mapping;

/// <summary>
/// The demo's legacy and FAST policy datasets plus a CSV of agents, with the defects of the seed scenario
/// (mixed date formats, trailing spaces, missing premiums), generated deterministically.
/// </summary>
public sealed class InMemoryDemoCatalog : IDatasetCatalog
{
    public static readonly DatasetDescriptor Legacy = new(new Guid("00000000-0000-0000-0000-00000000aa01"), Guid.Empty, "legacy", "policies",
    [
        new("pol_num", FieldType.Text, false), new("pol_holder", FieldType.Text), new("premium", FieldType.Decimal),
        new("eff_date", FieldType.Text), new("status", FieldType.Text),
    ]);

    public static readonly DatasetDescriptor Fast = new(new Guid("00000000-0000-0000-0000-00000000aa02"), Guid.Empty, "fast", "policies",
    [
        new("policyId", FieldType.Text, false), new("holderName", FieldType.Text), new("premiumAmount", FieldType.Decimal),
        new("effectiveDate", FieldType.Date), new("status", FieldType.Text),
    ]);

    public static readonly DatasetDescriptor Agents = new(new Guid("00000000-0000-0000-0000-00000000aa03"), Guid.Empty, "files", "agents_csv",
    [
        new("agent_code", FieldType.Text, false), new("agent_name", FieldType.Text), new("pol_num", FieldType.Text),
    ]);

    /// <summary>Set by the canvas benchmark: three more datasets of this many fields each.</summary>
    public const string WideVariable = "WORKBENCH_TEST_CATALOG_WIDE";

    private static readonly IReadOnlyList<DatasetDescriptor> All = [Legacy, Fast, Agents, .. Wide()];

    private static IEnumerable<DatasetDescriptor> Wide()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(WideVariable), out var fields) || fields <= 0)
            return [];
        return "abc".Select((letter, i) => new DatasetDescriptor(new Guid($"00000000-0000-0000-0000-0000000000b{i}"), Guid.Empty, "bench", $"wide_{letter}",
            Enumerable.Range(0, fields).Select(f => new FieldSchema($"f_{f:000}", FieldType.Text)).ToList()));
    }

    public Task<IReadOnlyList<DatasetDescriptor>> ListDatasetsAsync(CancellationToken cancellationToken = default) => Task.FromResult(All);

    public Task<DatasetDescriptor?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
        Task.FromResult(All.FirstOrDefault(d => d.Id == datasetId));

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> SampleRowsAsync(Guid datasetId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(Enumerable.Range(1, limit).Select(i => Row(datasetId, i)).ToList());

    private static Dictionary<string, object?> Row(Guid datasetId, int i)
    {
        var id = $"P{1000 + i}";
        if (datasetId == Legacy.Id)
            return new Dictionary<string, object?>
            {
                ["pol_num"] = i % 7 == 0 ? id + "  " : id,
                ["pol_holder"] = $"Holder {i} ",
                ["premium"] = i % 5 == 0 ? null : 100m + i,
                ["eff_date"] = (i % 4) switch { 0 => "2023-02-30", 1 => $"2023-01-{i % 28 + 1:00}", 2 => $"{i % 28 + 1:00}/03/2023", _ => "unknown" },
                ["status"] = i % 3 == 0 ? "L" : "A",
            };
        if (datasetId == Fast.Id)
            return new Dictionary<string, object?>
            {
                ["policyId"] = id, ["holderName"] = $"Holder {i}", ["premiumAmount"] = 100m + i + (i % 6 == 0 ? 5 : 0),
                ["effectiveDate"] = new DateOnly(2023, 1, i % 28 + 1), ["status"] = i % 3 == 0 ? "lapsed" : "active",
            };
        if (All.FirstOrDefault(d => d.Id == datasetId) is { SourceName: "bench" } wide)
            return wide.Fields.ToDictionary(f => f.Name, f => (object?)$"{f.Name}-{i}");
        return new Dictionary<string, object?>
        {
            ["agent_code"] = $"AG{i % 9}", ["agent_name"] = $"Agent {i % 9}", ["pol_num"] = id,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"demo catalog ({All.Count} datasets)");
}

using Workbench.Benchmarks.Mapping;
using Workbench.Benchmarks.Quality;

return args.FirstOrDefault() switch
{
    null or "mapping-canvas" => await MappingCanvasBenchmark.RunAsync(args.Skip(1).ToArray()),
    "view-preview" => await ViewPreviewBenchmark.RunAsync(args.Skip(1).ToArray()),
    "view-pushdown" => await ViewPushdownBenchmark.RunAsync(args.Skip(1).ToArray()),
    var other => Fail($"Unknown benchmark {other}. Known: mapping-canvas, view-preview, view-pushdown"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}

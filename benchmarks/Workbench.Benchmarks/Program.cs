using Workbench.Benchmarks.Mapping;

return args.FirstOrDefault() switch
{
    null or "mapping-canvas" => await MappingCanvasBenchmark.RunAsync(args.Skip(1).ToArray()),
    var other => Fail($"Unknown benchmark {other}. Known: mapping-canvas"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}

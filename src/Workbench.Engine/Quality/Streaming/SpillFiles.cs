using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Streaming;

/// <summary>
/// Partition files of the grace hash join: per partition one file of build records (rows of the building
/// sides, and keys already evaluated) and one of probe rows, in a folder of their own that is removed on dispose.
/// A key always lands in the same partition, so each partition is joined on its own.
/// </summary>
internal sealed class SpillFiles : IDisposable
{
    public const int PartitionCount = 64;

    private const byte BuildRow = 0;
    private const byte DoneKey = 1;
    private const byte ProbeRow = 2;

    private readonly string _directory;
    private readonly BinaryWriter?[] _build = new BinaryWriter?[PartitionCount];
    private readonly BinaryWriter?[] _probe = new BinaryWriter?[PartitionCount];

    public SpillFiles(string? parent)
    {
        _directory = Path.Combine(parent ?? Path.GetTempPath(), "workbench-quality-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public void WriteBuild(int side, string key, SideRow row, int repeatMask) =>
        WriteRow(Writer(_build, "build", key), BuildRow, side, key, row, repeatMask);

    public void WriteDone(string key, int repeatMask)
    {
        var writer = Writer(_build, "build", key);
        writer.Write(DoneKey);
        writer.Write(key);
        writer.Write(repeatMask);
    }

    public void WriteProbe(int side, string key, SideRow row) => WriteRow(Writer(_probe, "probe", key), ProbeRow, side, key, row, 0);

    /// <summary>
    /// Joins partition after partition, lazily (enumerate to the end to join them all), giving the merged rows
    /// when the tables merge rows; each partition's files are deleted once joined.
    /// </summary>
    public IEnumerable<MergedRow> JoinPartitions(Func<JoinTable> newTable, CancellationToken cancellationToken)
    {
        CloseWriters();
        for (var p = 0; p < PartitionCount; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = newTable();
            foreach (var merged in Replay(PathOf("build", p), table).Concat(Replay(PathOf("probe", p), table)).Concat(table.Finish()))
                yield return merged;
        }
    }

    private static IEnumerable<MergedRow> Replay(string path, JoinTable table)
    {
        if (!File.Exists(path))
            yield break;
        using (var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16)))
        {
            // The length is read once: FileStream asks the file system for it on every call.
            var length = reader.BaseStream.Length;
            while (reader.BaseStream.Position < length)
            {
                var tag = reader.ReadByte();
                var key = reader.ReadString();
                if (tag == DoneKey)
                {
                    table.AddDone(key, reader.ReadInt32());
                    continue;
                }
                var (side, repeatMask, row) = ReadRow(reader);
                if (tag == ProbeRow)
                {
                    if (table.Probe(key, row) is { } merged)
                        yield return merged;
                }
                else
                    table.AddBuild(side, key, row, repeatMask);
            }
        }
        File.Delete(path);
    }

    private BinaryWriter Writer(BinaryWriter?[] writers, string kind, string key)
    {
        var p = (int)((uint)key.GetHashCode() % PartitionCount);
        return writers[p] ??= new BinaryWriter(new FileStream(PathOf(kind, p), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
    }

    private string PathOf(string kind, int partition) => Path.Combine(_directory, $"{kind}-{partition:D2}.bin");

    private static void WriteRow(BinaryWriter writer, byte tag, int side, string key, SideRow row, int repeatMask)
    {
        writer.Write(tag);
        writer.Write(key);
        writer.Write(side);
        writer.Write(repeatMask);
        writer.Write(row.Position);
        writer.Write(row.Values.Length);
        foreach (var value in row.Values)
            SpillValues.Write(writer, value);
        writer.Write(row.Failures is not null);
        if (row.Failures is not null)
            foreach (var failure in row.Failures)
                SpillValues.Write(writer, failure);
    }

    private static (int Side, int RepeatMask, SideRow Row) ReadRow(BinaryReader reader)
    {
        var side = reader.ReadInt32();
        var repeatMask = reader.ReadInt32();
        var position = reader.ReadInt64();
        var values = new object?[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
            values[i] = SpillValues.Read(reader);
        string?[]? failures = null;
        if (reader.ReadBoolean())
        {
            failures = new string?[values.Length];
            for (var i = 0; i < failures.Length; i++)
                failures[i] = (string?)SpillValues.Read(reader);
        }
        return (side, repeatMask, new SideRow(values, failures, position));
    }

    private void CloseWriters()
    {
        foreach (var writer in _build.Concat(_probe))
            writer?.Dispose();
        Array.Clear(_build);
        Array.Clear(_probe);
    }

    public void Dispose()
    {
        CloseWriters();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}

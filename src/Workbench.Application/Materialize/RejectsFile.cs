namespace Workbench.Application.Materialize;

/// <summary>
/// Rejected rows set aside while the good ones stream into the destination (one COPY at a time per connection), in a
/// temporary file so that memory stays flat however many rows a run rejects. The file is deleted when disposed.
/// </summary>
internal sealed class RejectsFile : IDisposable
{
    private readonly FileStream _file = new(
        Path.Combine(Path.GetTempPath(), $"workbench-rejects-{Guid.NewGuid():N}.bin"), FileMode.CreateNew, FileAccess.ReadWrite,
        FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    private readonly BinaryWriter _writer;
    private long _count;

    public RejectsFile() => _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);

    public void Add(string? key, string reason, IReadOnlyList<string?> values)
    {
        WriteText(key);
        _writer.Write(reason);
        _writer.Write(values.Count);
        foreach (var value in values)
            WriteText(value);
        _count++;
    }

    /// <summary>The rejects in the order they were added; read once, after the last was added.</summary>
    public IEnumerable<(string? Key, string Reason, string?[] Values)> ReadAll()
    {
        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0L; i < _count; i++)
        {
            var key = ReadText(reader);
            var reason = reader.ReadString();
            var values = new string?[reader.ReadInt32()];
            for (var v = 0; v < values.Length; v++)
                values[v] = ReadText(reader);
            yield return (key, reason, values);
        }
    }

    private void WriteText(string? text)
    {
        _writer.Write(text is not null);
        if (text is not null)
            _writer.Write(text);
    }

    private static string? ReadText(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}

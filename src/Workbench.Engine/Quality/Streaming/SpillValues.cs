namespace Workbench.Engine.Quality.Streaming;

/// <summary>The harmonised value types, written to and read from spill files without loss.</summary>
internal static class SpillValues
{
    public static void Write(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.Write((byte)0); break;
            case string s: writer.Write((byte)1); writer.Write(s); break;
            case decimal d: writer.Write((byte)2); writer.Write(d); break;
            case long l: writer.Write((byte)3); writer.Write(l); break;
            case DateOnly d: writer.Write((byte)4); writer.Write(d.DayNumber); break;
            case bool b: writer.Write((byte)5); writer.Write(b); break;
            case double d: writer.Write((byte)6); writer.Write(d); break;
            case DateTime t: writer.Write((byte)7); writer.Write(t.Ticks); break;
            default: throw new InvalidOperationException($"A harmonised value of type {value.GetType().Name} cannot be spilled.");
        }
    }

    public static object? Read(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => reader.ReadString(),
        2 => reader.ReadDecimal(),
        3 => reader.ReadInt64(),
        4 => DateOnly.FromDayNumber(reader.ReadInt32()),
        5 => reader.ReadBoolean(),
        6 => reader.ReadDouble(),
        7 => new DateTime(reader.ReadInt64()),
        var tag => throw new InvalidDataException($"Unknown value tag {tag} in a spill file."),
    };
}

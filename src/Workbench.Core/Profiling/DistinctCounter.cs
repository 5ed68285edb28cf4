namespace Workbench.Core.Profiling;

/// <summary>
/// HyperLogLog distinct estimate in 4 KB whatever the number of values (about 1.6 % standard error);
/// exact below the point where linear counting is more precise.
/// </summary>
public sealed class DistinctCounter
{
    private const int Bits = 12;
    private const int Registers = 1 << Bits;
    private readonly byte[] _registers = new byte[Registers];

    public void Add(string value)
    {
        var hash = Hash(value);
        var index = (int)(hash >> (64 - Bits));
        var rest = (hash << Bits) | (1UL << (Bits - 1));
        var rank = (byte)(System.Numerics.BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index])
            _registers[index] = rank;
    }

    /// <summary>FNV-1a over the characters, then the SplitMix64 finaliser so every bit of the result is mixed.</summary>
    private static ulong Hash(string value)
    {
        var h = 14695981039346656037UL;
        foreach (var c in value)
            h = (h ^ c) * 1099511628211UL;
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.Pow(2, -r);
            if (r == 0)
                zeros++;
        }
        var alpha = 0.7213 / (1 + 1.079 / Registers);
        var raw = alpha * Registers * Registers / sum;
        if (raw <= 2.5 * Registers && zeros > 0)
            raw = Registers * Math.Log((double)Registers / zeros);
        return (long)Math.Round(raw);
    }
}

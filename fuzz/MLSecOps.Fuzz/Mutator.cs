namespace MLSecOps.Fuzz;

/// <summary>Deterministic mutations of a seed (truncation, bit flips, boundary values, chunk repeats), the same on every machine.</summary>
internal static class Mutator
{
    private static readonly ulong[] Boundaries = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, long.MaxValue, ulong.MaxValue];

    /// <summary>Returns mutation number <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static byte[] Mutate(byte[] seed, int index)
    {
        ArgumentNullException.ThrowIfNull(seed);
#pragma warning disable CA5394 // Reproducible mutations, not security.
        var random = new Random(HashCode.Combine(seed.Length, index, seed.Length > 0 ? seed[seed.Length / 2] : 0));
        if (seed.Length == 0)
        {
            var fresh = new byte[random.Next(1, 64)];
            random.NextBytes(fresh);
            return fresh;
        }

        var data = (byte[])seed.Clone();
        switch (index % 6)
        {
            case 0:
                return data[..random.Next(data.Length)];
            case 1:
                for (var i = random.Next(1, 9); i > 0; i--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return data;
            case 2:
                var width = random.Next(4) switch { 0 => 1, 1 => 2, 2 => 4, _ => 8 };
                var at = random.Next(Math.Max(1, data.Length - width + 1));
                var value = Boundaries[random.Next(Boundaries.Length)];
                for (var i = 0; i < width && at + i < data.Length; i++)
                {
                    data[at + i] = (byte)(value >> (8 * i));
                }

                return data;
            case 3:
                var start = random.Next(data.Length);
                var length = Math.Min(random.Next(1, 64), data.Length - start);
                var repeats = random.Next(2, 200);
                var chunk = data.AsSpan(start, length).ToArray();
                return [.. data.AsSpan(0, start), .. Enumerable.Repeat(chunk, repeats).SelectMany(c => c), .. data.AsSpan(start)];
            case 4:
                var from = random.Next(data.Length);
                var cut = Math.Min(random.Next(1, 256), data.Length - from);
                return [.. data.AsSpan(0, from), .. data.AsSpan(from + cut)];
            default:
                var noise = new byte[random.Next(1, 32)];
                random.NextBytes(noise);
                var into = random.Next(data.Length + 1);
                return [.. data.AsSpan(0, into), .. noise, .. data.AsSpan(into)];
        }
#pragma warning restore CA5394
    }
}

using CsCheck;

namespace MLSecOps.Gates.ModelScan.Tests.Properties;

/// <summary>A random damage to a fixture: a truncation to <see cref="Length"/> bytes, then bit flips at (offset, bit).</summary>
internal sealed record FixtureMutation(int Length, (int Offset, int Bit)[] Flips)
{
    /// <summary>Truncations to 1..n-1 bytes (an empty file is not a model) and one to eight bit flips of the whole file, half each.</summary>
    public static Gen<FixtureMutation> For(int length)
    {
        var truncation = Gen.Int[1, Math.Max(1, length - 1)].Select(n => new FixtureMutation(n, []));
        var flips = Gen.Select(Gen.Int[0, length - 1], Gen.Int[0, 7]).Array[1, 8].Select(f => new FixtureMutation(length, f));
        return Gen.OneOf(truncation, flips);
    }

    public byte[] Apply(byte[] original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var copy = original[..Math.Min(Length, original.Length)];
        foreach (var (offset, bit) in Flips)
        {
            copy[offset] ^= (byte)(1 << bit);
        }

        return copy;
    }

    public override string ToString() =>
        Flips.Length == 0 ? $"truncated to {Length} bytes" : "bit flips at " + string.Join(", ", Flips.Select(f => $"{f.Offset}:{f.Bit}"));
}

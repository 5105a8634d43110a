using MLSecOps.TestKit;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>Truncated and bit-flipped copies of every fixture: analyzers must return findings or nothing, never throw.</summary>
public sealed class MutationTests
{
    private static IEnumerable<string> Fixtures() =>
        Directory.EnumerateFiles(FormatScan.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".py", StringComparison.Ordinal) && new FileInfo(f).Length < 1024 * 1024)
            .Select(f => Path.GetRelativePath(FormatScan.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Fixtures))]
    public async Task Analyze_MutatedCopies_NeverThrow(string fixture)
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(FormatScan.Root, fixture));
        var random = new Random(fixture.Length);
        using var dir = new TempDirectory();
        var name = Path.GetFileName(fixture);
        for (var i = 0; i < 12; i++)
        {
            var copy = i < 6 ? original[..(original.Length * i / 6)] : (byte[])original.Clone();
            for (var flip = 0; i >= 6 && flip < 4 && copy.Length > 0; flip++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }

            dir.Write(name, copy);

            Assert.That(async () => await FormatScan.FileAsync(dir.Path, name), Throws.Nothing, $"mutation {i}");
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>Git LFS pointers whose local object is present are checked against oid and size (DAT064); matching ones stay info (DAT063).</summary>
public sealed class LfsPointerTests
{
    [TestCase(false, "DAT064")]
    [TestCase(true, "DAT063")]
    public async Task Pointer_WithLocalObject_IsCheckedAgainstOidAndSize(bool intact, string rule)
    {
        // Given a repository whose LFS store holds the object, intact or altered
        using var repo = new TempDirectory();
        var data = Encoding.UTF8.GetBytes("id,label\n1,cat\n");
        var oid = Convert.ToHexStringLower(SHA256.HashData(data));
        var objects = Directory.CreateDirectory(Path.Combine(repo.Path, ".git", "lfs", "objects", oid[..2], oid[2..4]));
        await File.WriteAllBytesAsync(Path.Combine(objects.FullName, oid), intact ? data : [.. data, (byte)'x']);
        Directory.CreateDirectory(Path.Combine(repo.Path, "data"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "data", "train.csv"), $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {data.Length}\n");

        // When
        var findings = await DataCheckFixture.ScanAsync("data/train.csv", root: repo.Path);

        // Then
        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { rule }), string.Join("\n", findings.Select(f => f.Message)));
    }
}

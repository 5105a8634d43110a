using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Tests.Rules;

public sealed class SecretMaskerTests
{
    [TestCase("AKIAIOSFODNN7EXAMPLE", "AKIA********")]
    [TestCase("hunter2", "*******")]
    [TestCase("ab", "***")]
    public void Mask_KeepsAtMostAShortPrefix(string secret, string expected)
    {
        Assert.That(SecretMasker.Mask(secret), Is.EqualTo(expected));
    }

    [Test]
    public void MaskIn_ReplacesEveryOccurrence()
    {
        var text = SecretMasker.MaskIn("token=ghp_abcdefghijklmnop and again ghp_abcdefghijklmnop", "ghp_abcdefghijklmnop");

        Assert.That(text, Does.Not.Contain("abcdefghijklmnop"));
        Assert.That(text, Is.EqualTo("token=ghp_******** and again ghp_********"));
    }
}

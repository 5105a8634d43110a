using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Rules;

public sealed class FindingFingerprintTests
{
    [Test]
    public void Fingerprint_LineMoves_StaysTheSame()
    {
        var a = Finding.Create(TestGate.Rule, new Location("m.pkl", 1), "m", "os.system");
        var b = a with { Location = new Location("m.pkl", 90, 3) };

        Assert.That(b.Fingerprint, Is.EqualTo(a.Fingerprint));
    }

    [TestCase("other.pkl", "os.system")]
    [TestCase("m.pkl", "subprocess.Popen")]
    public void Fingerprint_PathOrContentChanges_Differs(string path, string key)
    {
        var a = Finding.Create(TestGate.Rule, new Location("m.pkl", 1), "m", "os.system");
        var b = Finding.Create(TestGate.Rule, new Location(path, 1), "m", key);

        Assert.That(b.Fingerprint, Is.Not.EqualTo(a.Fingerprint));
    }
}

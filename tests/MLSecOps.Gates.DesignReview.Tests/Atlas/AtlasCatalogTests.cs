using MLSecOps.Core.Standards;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Tests.Atlas;

/// <summary>The embedded ATLAS extract holds every id the gate itself names.</summary>
public sealed class AtlasCatalogTests
{
    [Test]
    public void Embedded_HoldsTheGeneratedExtract()
    {
        Assert.That(AtlasCatalog.Embedded.Count, Is.EqualTo(221));
        Assert.That(AtlasCatalog.Embedded.NameOf("AML.T0024.002"), Is.EqualTo("Extract AI Model"));
        Assert.That(AtlasCatalog.Embedded.IsTechnique("AML.TA0000"), Is.False);
    }

    [Test]
    public void ThreatReferences_CoverEveryThreatWithKnownAtlasTechniques()
    {
        // Then all thirteen threats are mapped, each to techniques ATLAS really has, plus OWASP and NIST references
        Assert.That(ThreatReferences.All.Select(t => t.Threat), Is.EquivalentTo(Enum.GetValues<MLSecOps.Core.Rules.Threat>()));
        foreach (var threat in ThreatReferences.All)
        {
            Assert.That(threat.Atlas, Has.All.Matches<string>(AtlasCatalog.Embedded.IsTechnique), threat.Key);
            Assert.That(threat.Owasp, Is.Not.Empty, threat.Key);
            Assert.That(threat.Nist, Is.Not.Empty, threat.Key);
        }
    }

    [Test]
    public void RuleDescriptors_NameOnlyKnownAtlasIds()
    {
        var atlas = new DesignReviewGate().Rules.SelectMany(r => r.Standards).Where(s => s.StartsWith("AML.", StringComparison.Ordinal));

        Assert.That(atlas, Has.All.Matches<string>(id => AtlasCatalog.Embedded.NameOf(id) is not null));
    }
}

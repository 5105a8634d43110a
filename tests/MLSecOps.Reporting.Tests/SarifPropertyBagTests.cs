using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Reporting.Sarif;

namespace MLSecOps.Reporting.Tests;

/// <summary>The property bag that keeps Newtonsoft's reflection serializer out of the CLI stores what Sarif.Sdk's SetProperty stores.</summary>
public sealed class SarifPropertyBagTests
{
    private static readonly string[] s_texts = ["plain", "quote \" backslash \\ tab \t newline \n", "ünïcødé ✓ 🐍", "<script>&amp;</script>", "\u0001\u001f\u007f\u2028"];

    [Test]
    public void ApplyTo_EveryValueKind_EqualsTheSdkSetProperty()
    {
        var bag = new SarifPropertyBag();
        var reference = new Result();
        for (var i = 0; i < s_texts.Length; i++)
        {
            bag.Set($"text{i}", s_texts[i]);
            reference.SetProperty($"text{i}", s_texts[i]);
        }

        bag.Set("count", -2_147_483_648).Set("blocking", true).Set("other", false).Set("tags", s_texts).Set("none", Array.Empty<string>());
        reference.SetProperty("count", -2_147_483_648);
        reference.SetProperty("blocking", true);
        reference.SetProperty("other", false);
        reference.SetProperty("tags", s_texts.ToList());
        reference.SetProperty("none", new List<string>());
        var result = new Result();

        bag.ApplyTo(result);

        Assert.That(result.PropertyNames, Is.EqualTo(reference.PropertyNames));
        foreach (var name in reference.PropertyNames)
        {
            Assert.That(result.GetSerializedPropertyValue(name), Is.EqualTo(reference.GetSerializedPropertyValue(name)), name);
        }

        Assert.That(result.GetProperty<string>("text1"), Is.EqualTo(s_texts[1]));
        Assert.That(result.GetProperty<bool>("blocking"), Is.True);
    }

    [Test]
    public void ApplyTo_EmptyBag_LeavesTheHolderWithoutProperties()
    {
        var result = new Result();

        new SarifPropertyBag().ApplyTo(result);

        Assert.That(result.PropertyNames, Is.Empty);
    }
}

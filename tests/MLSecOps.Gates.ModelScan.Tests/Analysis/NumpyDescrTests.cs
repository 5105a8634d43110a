using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Analysis;

/// <summary>The object dtype is recognised in exactly the spellings numpy's own descr_to_dtype accepts (table made by numpy).</summary>
public class NumpyDescrTests
{
    private static IEnumerable<TestCaseData> Table() =>
        File.ReadAllLines(Path.Combine(FixturePaths.Of("model-scan/numpy"), "descr_table.tsv"))
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => new TestCaseData(c[0], c[1]).SetArgDisplayNames(c[0], c[1]));

    [TestCaseSource(nameof(Table))]
    public void HasObjects_HeaderDescr_AgreesWithNumpy(string literal, string numpyVerdict)
    {
        // Given a descr literal as a .npy header holds it, When it is read without evaluating it
        var descr = PythonLiteral.Parse(literal, python2Longs: false, out var ok);
        var hasObjects = ok && NumpyDescr.HasObjects(descr) == true;

        // Then it is an object dtype exactly when numpy says so
        Assert.That(hasObjects, Is.EqualTo(numpyVerdict == "object"));
    }

    [TestCase("descr_object_word.npy")]
    [TestCase("descr_unicode_pipe_o.npy")]
    [TestCase("descr_o8.npy")]
    [TestCase("descr_escaped.npy")]
    [TestCase("descr_structured.npy")]
    [TestCase("descr_subarray.npy")]
    [TestCase("descr_commastring.npy")]
    [TestCase("descr_duplicate_key.npy")]
    public async Task Scan_ObjectDtypeSpelledAnyWay_ScansThePickle(string fixture)
    {
        // Given a .npy whose header spells the object dtype as numpy accepts it, followed by an os.system pickle
        // When the gate scans it
        var findings = await ModelScanFixture.ScanAsync("numpy/" + fixture);

        // Then the object array and the call in its pickle are reported
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD022").And.Contain("MOD002"));
    }
}

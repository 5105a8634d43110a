namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD002 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class DangerousPickleGlobalTests
{
    [TestCase("malicious/os_system_p0.pkl", "MOD002 @offset 0")]
    [TestCase("malicious/posix_system_p4.pkl", "MOD002 @offset 28")]
    [TestCase("malicious/builtins_eval_p2.pkl", "MOD002 @offset 2")]
    [TestCase("malicious/memo_confusion.pkl", "MOD002 @offset 58")]
    [TestCase("malicious/memo_copy.pkl", "MOD002 @offset 26")]
    [TestCase("malicious/dotted_module.pkl", "MOD002 @offset 26")]
    [TestCase("malicious/inst_exec.pkl", "MOD002 @offset 13")]
    [TestCase("malicious/obj_smtplib.pkl", "MOD002 @offset 18")]
    [TestCase("malicious/two_streams.pkl", "MOD002 @offset 18")]
    [TestCase("malicious/legacy_payload.pt", "MOD002 @offset 73")]
    [TestCase("malicious/payload_in_zip.pt", "MOD002 mymodel/data.pkl@offset 0")]
    [TestCase("malicious/payload_in_data_txt.pt", "MOD002 archive/data.txt@offset 0")]
    [TestCase("malicious/nested_zip.zip", "MOD002 inner/model.pt!/archive/data.pkl@offset 0")]
    [TestCase("malicious/payload.pkl.gz", "MOD002 @offset 0")]
    [TestCase("malicious/joblib_payload.joblib", "MOD002 @offset 345")]
    [TestCase("malicious/zip64_payload.pt", "MOD002 archive/data.pkl@offset 0")]
    [TestCase("malicious/payload.tar.gz", "MOD002 archive/data.pkl@offset 0")]
    [TestCase("malicious/legacy_tar_payload.pt", "MOD002 storages@offset 44; MOD001 storages@offset 73")]
    public async Task Scan_DangerousCallable_ReportsMod002(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD002
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD002"));
    }
}

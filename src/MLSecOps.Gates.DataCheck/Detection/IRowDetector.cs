using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Looks for one family of problems in a row's text and reports hits; one instance serves one file.</summary>
internal interface IRowDetector
{
    /// <summary>Scans <paramref name="row"/> and reports what it finds to <paramref name="hits"/>.</summary>
    void Scan(DataRow row, HitCollector hits);
}

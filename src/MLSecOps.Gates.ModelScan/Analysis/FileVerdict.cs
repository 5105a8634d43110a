namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Which readers read a file through to a verdict; with its findings, this is what the gate says about the file.</summary>
internal sealed class FileVerdict
{
    private readonly List<string> _readers = [];

    /// <summary>Gets the readers that read the file (or its content) to the end, findings or not.</summary>
    public IReadOnlyList<string> ReadBy => _readers;

    /// <summary>Records that <paramref name="reader"/> read the file to a verdict.</summary>
    public void Read(string reader)
    {
        if (!_readers.Contains(reader))
        {
            _readers.Add(reader);
        }
    }
}

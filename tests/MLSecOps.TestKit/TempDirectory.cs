namespace MLSecOps.TestKit;

/// <summary>A temporary directory deleted on dispose; write real files into it.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates an empty temporary directory.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlsecops-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the absolute path.</summary>
    public string Path { get; }

    /// <summary>Writes a text file (creating folders) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = Prepare(relativePath);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Writes a binary file (creating folders) and returns its full path.</summary>
    public string Write(string relativePath, byte[] content)
    {
        var full = Prepare(relativePath);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Copies a file into the directory and returns its full path.</summary>
    public string Copy(string source, string relativePath)
    {
        var full = Prepare(relativePath);
        File.Copy(source, full, overwrite: true);
        return full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that left a file open must not fail on cleanup.
        }
    }

    private string Prepare(string relativePath)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }
}

namespace MLSecOps.Fuzz;

/// <summary>A private folder standing in for the scanned repository; each input is written there under the name the gate routes by.</summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string root) => Root = root;

    /// <summary>Gets the process-wide workspace (targets run one input at a time).</summary>
    public static Workspace Shared { get; } = Create();

    /// <summary>Gets the absolute folder.</summary>
    public string Root { get; }

    /// <summary>Writes <paramref name="input"/> to <paramref name="relativePath"/> and returns its full path.</summary>
    public string Write(string relativePath, byte[] input)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, input);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static Workspace Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"mlsecops-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        return new Workspace(root);
    }
}

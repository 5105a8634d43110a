namespace MLSecOps.TestKit;

/// <summary>Finds committed fixtures under tests/fixtures, whatever the test's working directory.</summary>
public static class FixturePaths
{
    /// <summary>Gets the repository root (the folder that holds MLSecOps.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Returns the absolute path of a path under tests/fixtures.</summary>
    public static string Of(string relative) => Path.Combine(RepositoryRoot, "tests", "fixtures", relative);

    /// <summary>Returns the absolute path of a committed JSON schema, such as <c>sarif-2.1.0.json</c>.</summary>
    public static string Schema(string name) => Of(Path.Combine("schemas", name));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MLSecOps.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MLSecOps.sln not found above " + AppContext.BaseDirectory);
    }
}

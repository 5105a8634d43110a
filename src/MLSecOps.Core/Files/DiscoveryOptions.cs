namespace MLSecOps.Core.Files;

/// <summary>How <see cref="FileDiscovery"/> asks git which files it tracks.</summary>
public sealed record DiscoveryOptions
{
    /// <summary>Gets the default options.</summary>
    public static DiscoveryOptions Default { get; } = new();

    /// <summary>Gets the git program to run.</summary>
    /// <value>Defaults to <c>git</c> on the PATH.</value>
    public string GitExecutable { get; init; } = "git";

    /// <summary>Gets how long <c>git ls-files</c> may take before discovery falls back to ignore files alone.</summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan GitTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

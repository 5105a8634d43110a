using System.Reflection;

namespace MLSecOps.Cli.Scanning;

/// <summary>The tool's version, from the assembly's informational version without the source revision.</summary>
internal static class ToolVersion
{
    /// <summary>Gets the version, such as <c>0.1.0</c>.</summary>
    public static string Current { get; } =
        (typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}

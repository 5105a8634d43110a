using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;

namespace MLSecOps.Cli.Scanning;

/// <summary>Resolves gate settings that name an external program (deploy-audit's <c>helm: auto</c>) against the PATH,
/// which gates may not read: <c>auto</c> (or unset) becomes the absolute path found, or <c>off</c>.</summary>
internal static class ExecutableSettings
{
    /// <summary>Setting keys whose value is a program: the key is also the program's name.</summary>
    private static readonly string[] s_programs = ["helm"];

    /// <summary>Returns <paramref name="settings"/> with every program setting of <paramref name="gate"/> resolved.</summary>
    /// <exception cref="PolicyException">A value that is not <c>auto</c>, <c>off</c> or an absolute path.</exception>
    public static GateSettings Resolve(IGate gate, GateSettings settings, CliHost host, string policyPath)
    {
        foreach (var program in s_programs.Where(p => gate.Settings.Any(d => d.Key == p)))
        {
            var value = settings.GetString(program) ?? "auto";
            if (value == "auto")
            {
                settings = settings.With(program, Find(program, host) ?? "off");
            }
            else if (value != "off" && !Path.IsPathFullyQualified(value))
            {
                throw new PolicyException($"{policyPath}: gates.{gate.Name}.{program}: '{value}' is not auto, off or an absolute path; write one of those");
            }
        }

        return settings;
    }

    private static string? Find(string program, CliHost host)
    {
        var names = OperatingSystem.IsWindows() ? new[] { program + ".exe" } : [program];
        foreach (var folder in (host.Variable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathFullyQualified(folder))
            {
                // A relative PATH entry is the scanned repository's own folder: its "helm" would be the pull request's program.
                continue;
            }

            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

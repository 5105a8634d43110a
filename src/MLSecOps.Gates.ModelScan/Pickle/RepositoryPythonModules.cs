using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Answers whether a dotted module name is a Python file of the scanned repository (<c>pkg/mod.py</c> or <c>pkg/mod/__init__.py</c>, at the root or under <c>src/</c>).</summary>
internal sealed partial class RepositoryPythonModules
{
    private const int MaxCached = 4096;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>Creates the lookup for the repository at <paramref name="root"/>; nothing is read until asked.</summary>
    public RepositoryPythonModules(string root)
    {
        _root = root;
    }

    /// <summary>Returns whether <paramref name="module"/> is a Python file of the repository.</summary>
    public bool Contains(string module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_known.TryGetValue(module, out var known))
        {
            return known;
        }

        var found = IsModuleName(module) && Exists(module.Split('.'));
        if (_known.Count < MaxCached)
        {
            _known.TryAdd(module, found);
        }

        return found;
    }

    // Only identifiers become path parts: no separators, no "..", nothing outside the repository.
    private static bool IsModuleName(string module) => module.Length <= 256 && module.Split('.').All(p => Identifier().IsMatch(p)) && module != "__main__";

    private bool Exists(string[] parts)
    {
        foreach (var baseFolder in new[] { _root, Path.Combine(_root, "src") })
        {
            var folder = Path.Combine([baseFolder, .. parts]);
            if (File.Exists(folder + ".py") || File.Exists(Path.Combine(folder, "__init__.py")))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}

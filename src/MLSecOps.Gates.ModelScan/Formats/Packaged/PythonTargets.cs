namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>Judges a dotted Python name that a loader imports and calls (a Hydra <c>_target_</c>, a skops type).</summary>
internal static class PythonTargets
{
    // Modules whose every callable runs processes, loads code or reaches the interpreter.
    private static readonly HashSet<string> DangerousModules = new(StringComparer.Ordinal)
    {
        "os", "posix", "nt", "subprocess", "pty", "importlib", "runpy", "code", "codeop", "ctypes", "cffi", "marshal", "pickle", "_pickle",
        "cPickle", "dill", "shelve", "sys", "socket", "webbrowser", "commands", "popen2", "asyncio.subprocess", "multiprocessing",
    };

    private static readonly HashSet<string> DangerousBuiltins = new(StringComparer.Ordinal)
    {
        "eval", "exec", "compile", "__import__", "open", "getattr", "setattr", "delattr", "globals", "locals", "vars", "input", "breakpoint", "execfile",
    };

    private static readonly HashSet<string> DangerousFunctions = new(StringComparer.Ordinal)
    {
        "operator.methodcaller", "operator.attrgetter", "functools.partial", "hydra.utils.call", "hydra.utils.get_method", "hydra.utils.instantiate",
        "shutil.rmtree", "shutil.move", "torch.load", "numpy.load", "joblib.load", "pandas.read_pickle", "torch.hub.load",
    };

    /// <summary>Returns whether calling <paramref name="target"/> runs commands or code, or reaches the interpreter.</summary>
    public static bool IsDangerous(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var parts = target.Split('.');
        if (parts.Length == 1)
        {
            return DangerousBuiltins.Contains(target);
        }

        if (parts[0] is "builtins" or "__builtin__" or "__builtins__")
        {
            return DangerousBuiltins.Contains(parts[^1]);
        }

        return DangerousModules.Contains(parts[0]) || DangerousModules.Contains(parts[0] + "." + parts[1])
            || DangerousFunctions.Any(f => target == f || target.StartsWith(f + ".", StringComparison.Ordinal));
    }

    /// <summary>Returns whether <paramref name="target"/> lives under one of the module <paramref name="roots"/>.</summary>
    public static bool IsUnder(string target, IReadOnlySet<string> roots)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(roots);
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return roots.Contains(dot < 0 ? target : target[..dot]);
    }
}

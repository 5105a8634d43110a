using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>
/// Decides about (module, qualified name) pairs: default deny. The allowlist names what ordinary PyTorch, NumPy,
/// scikit-learn, joblib and standard-library checkpoints use; the denylist only raises the severity; the denylist wins.
/// </summary>
internal sealed class PickleGlobalPolicy
{
    // Module spellings that load the same code: pickle protocol 2 writes Python 2 names, os.system pickles as posix.system.
    private static readonly FrozenDictionary<string, string> ModuleAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["posix"] = "os",
        ["nt"] = "os",
        ["__builtin__"] = "builtins",
        ["__builtins__"] = "builtins",
        ["_pickle"] = "pickle",
        ["cPickle"] = "pickle",
        ["copy_reg"] = "copyreg",
        ["_io"] = "io",
        ["_operator"] = "operator",
        ["_codecs"] = "codecs",
        ["_functools"] = "functools",
        ["_posixsubprocess"] = "subprocess",
        ["commands"] = "subprocess",
        ["popen2"] = "subprocess",
        ["_socket"] = "socket",
        ["_ssl"] = "ssl",
        ["_ctypes"] = "ctypes",
        ["_thread"] = "threading",
        ["thread"] = "threading",
        ["_winapi"] = "subprocess",
        ["numpy._core"] = "numpy.core",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Tensor-in, tensor-out functions modules keep as attributes (nn.TransformerEncoderLayer.activation is F.relu).
    private static readonly string[] ActivationFunctions =
    [
        "relu", "relu6", "gelu", "silu", "elu", "selu", "celu", "leaky_relu", "sigmoid", "tanh", "softmax", "log_softmax", "softmin", "softplus",
        "softsign", "hardtanh", "hardswish", "hardsigmoid", "mish", "glu", "logsigmoid", "tanhshrink", "softshrink", "hardshrink", "threshold",
        "prelu", "rrelu", "dropout", "layer_norm", "normalize", "linear",
    ];

    // (module or module prefix) → names; "*" means every name. A dotted module also covers its submodules.
    private static readonly (string Module, string[] Names)[] DeniedEntries =
    [
        ("os", ["*"]), ("subprocess", ["*"]), ("sys", ["*"]), ("pty", ["*"]), ("shutil", ["*"]), ("socket", ["*"]),
        ("builtins", ["eval", "exec", "execfile", "compile", "open", "file", "getattr", "setattr", "delattr", "__import__", "globals", "locals", "vars", "input", "raw_input", "breakpoint", "help", "apply", "reload", "memoryview", "type", "super", "classmethod", "staticmethod", "property", "exit", "quit", "copyright", "credits", "license", "dir"]),
        ("importlib", ["*"]), ("imp", ["*"]), ("zipimport", ["*"]), ("pkgutil", ["*"]), ("pydoc", ["*"]), ("runpy", ["*"]), ("site", ["*"]),
        ("code", ["*"]), ("codeop", ["*"]), ("webbrowser", ["*"]), ("pickle", ["*"]), ("marshal", ["*"]), ("shelve", ["*"]),
        ("dill", ["*"]), ("cloudpickle", ["*"]), ("ctypes", ["*"]), ("cffi", ["*"]), ("types", ["*"]), ("inspect", ["*"]),
        ("operator", ["attrgetter", "itemgetter", "methodcaller", "call"]), ("functools", ["partial", "partialmethod", "reduce", "singledispatch"]),
        ("bdb", ["*"]), ("pdb", ["*"]), ("cProfile", ["*"]), ("profile", ["*"]), ("timeit", ["*"]), ("trace", ["*"]), ("doctest", ["*"]),
        ("idlelib", ["*"]), ("lib2to3", ["*"]), ("asyncio", ["*"]), ("_osx_support", ["*"]), ("_aix_support", ["*"]), ("_pyrepl", ["*"]),
        ("imaplib", ["*"]), ("test", ["*"]), ("mailcap", ["*"]), ("multiprocessing", ["*"]), ("venv", ["*"]), ("ensurepip", ["*"]),
        ("pip", ["*"]), ("setuptools", ["*"]), ("distutils", ["*"]), ("io", ["*"]), ("logging", ["*"]), ("urllib", ["*"]), ("urllib2", ["*"]),
        ("http", ["*"]), ("httplib", ["*"]), ("socketserver", ["*"]), ("smtplib", ["*"]), ("nntplib", ["*"]), ("ftplib", ["*"]),
        ("telnetlib", ["*"]), ("poplib", ["*"]), ("ssl", ["*"]), ("gzip", ["*"]), ("bz2", ["*"]), ("lzma", ["*"]), ("zipfile", ["*"]),
        ("tarfile", ["*"]), ("dbm", ["*"]), ("sqlite3", ["*"]), ("glob", ["*"]), ("tempfile", ["*"]), ("getpass", ["*"]),
        ("resource", ["*"]), ("syslog", ["*"]), ("weakref", ["finalize"]), ("atexit", ["*"]), ("mmap", ["*"]), ("signal", ["*"]),
        ("threading", ["*"]), ("platform", ["popen", "system", "_syscmd_file", "_syscmd_ver"]), ("uuid", ["_get_command_stdout"]),
        ("xml", ["*"]), ("fileinput", ["*"]), ("pathlib", ["*"]), ("requests", ["*"]), ("httpx", ["*"]), ("aiohttp", ["*"]), ("paramiko", ["*"]),
        ("msvcrt", ["*"]), ("winreg", ["*"]), ("posixpath", ["*"]), ("ntpath", ["*"]),
        ("torch", ["load", "save", "hub", "compile"]), ("torch.serialization", ["load", "_load", "_legacy_load", "save", "_save", "_legacy_save", "_open_file", "_open_zipfile_reader", "_open_zipfile_writer", "_open_buffer_reader"]), ("torch.hub", ["*"]), ("torch._inductor", ["*"]),
        ("torch._dynamo", ["*"]), ("torch.jit", ["load", "save", "_load_for_lite_interpreter"]), ("torch.jit.unsupported_tensor_ops", ["*"]), ("torch.utils.collect_env", ["*"]), ("torch.utils.bottleneck", ["*"]),
        ("torch.utils._config_module", ["*"]), ("torch.utils.data.datapipes", ["*"]), ("torch.fx", ["*"]), ("torch.storage", ["_load_from_bytes"]),
        ("torch.package", ["*"]), ("torch.distributed", ["*"]), ("torch.testing", ["*"]), ("torch.utils.cpp_extension", ["*"]),
        ("numpy", ["load", "save", "savez", "loadtxt", "fromfile", "tofile", "genfromtxt", "memmap", "DataSource"]), ("numpy.f2py", ["*"]),
        ("numpy.testing", ["*"]), ("numpy.distutils", ["*"]), ("numpy.lib.npyio", ["*"]), ("numpy.lib.format", ["*"]), ("numpy.ctypeslib", ["*"]),
        ("joblib", ["load", "dump"]), ("joblib.numpy_pickle", ["load", "dump", "_unpickle", "_read_fileobject"]), ("joblib.numpy_pickle_compat", ["*"]),
        ("joblib.externals.cloudpickle", ["*"]), ("joblib.externals.loky", ["*"]), ("sklearn.externals.joblib.numpy_pickle_compat", ["*"]),
        ("pandas", ["read_pickle", "read_csv", "read_parquet", "eval"]), ("pandas.io", ["*"]), ("pandas.core.computation", ["*"]),
        ("pandas.util", ["*"]), ("pandas.testing", ["*"]), ("pandas.plotting", ["*"]), ("pandas._testing", ["*"]), ("keras", ["*"]), ("tensorflow", ["*"]),
        ("picklescan", ["*"]), ("fickling", ["*"]), ("modelscan", ["*"]), ("modelaudit", ["*"]),
    ];

    // Classes and reconstructors ordinary checkpoints reference; names ending in ".*" mean "any name of that module".
    private static readonly (string Module, string[] Names)[] AllowedEntries =
    [
        ("collections", ["OrderedDict", "defaultdict", "Counter", "deque"]),
        ("collections.abc", ["*"]),
        ("builtins", ["set", "frozenset", "bytearray", "slice", "complex", "range", "object", "dict", "list", "tuple", "int", "float", "bool", "str", "bytes", "len"]),
        ("__future__", ["*"]),
        ("copyreg", ["_reconstructor"]),
        ("codecs", ["encode"]),
        ("datetime", ["datetime", "date", "time", "timedelta", "timezone"]),
        ("decimal", ["Decimal"]),
        ("fractions", ["Fraction"]),
        ("uuid", ["UUID"]),
        ("torch._utils", ["_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_sparse_tensor", "_rebuild_nested_tensor", "_rebuild_device_tensor_from_numpy", "_rebuild_meta_tensor_no_storage", "_rebuild_wrapper_subclass", "_rebuild_device_tensor_from_cpu_tensor"]),
        ("torch", ["FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage", "ComplexFloatStorage", "ComplexDoubleStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage", "Size", "Tensor", "FloatTensor", "DoubleTensor", "HalfTensor", "BFloat16Tensor", "LongTensor", "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor", "device", "dtype", "float32", "float16", "bfloat16", "float64", "int64", "int32", "int16", "int8", "uint8", "bool", "complex64", "complex128", "float", "double", "half", "long", "int", "short", "qint8", "quint8", "qint32", "per_tensor_affine", "per_channel_affine", "strided", "sparse_coo", "contiguous_format", "channels_last", "preserve_format", "memory_format", "layout"]),
        ("torch.storage", ["UntypedStorage", "TypedStorage", "_StorageBase"]),
        ("torch._tensor", ["_rebuild_from_type_v2", "_rebuild_from_type"]),
        ("torch.serialization", ["_get_layout"]),
        ("torch.nn.parameter", ["Parameter", "Buffer", "UninitializedParameter"]),
        ("torch.nn.modules", ["*"]),
        ("torch.nn.functional", ActivationFunctions),
        ("torch._C._nn", ActivationFunctions),
        ("torch", ["OrderedDict", "relu", "relu_", "tanh", "sigmoid", "softmax", "log_softmax", "selu", "celu", "rrelu", "prelu", "dropout"]),
        ("torch.jit._pickle", ["build_intlist", "build_tensorlist", "build_doublelist", "build_boollist", "build_tensor_from_id", "restore_type_tag"]),
        ("torch.optim", ["*"]),
        ("numpy.core.multiarray", ["_reconstruct", "scalar"]),
        ("numpy.core.numeric", ["_frombuffer"]),
        ("numpy", ["ndarray", "dtype", "matrix", "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8", "bool_", "complex64", "complex128", "str_", "bytes_", "void", "datetime64", "timedelta64"]),
        ("numpy.dtypes", ["*"]),
        ("numpy.ma.core", ["_mareconstruct", "MaskedArray"]),
        ("numpy.random._pickle", ["__randomstate_ctor", "__bit_generator_ctor", "__generator_ctor"]),
        ("numpy.random.mtrand", ["RandomState", "__RandomState_ctor"]),
        ("numpy.random", ["RandomState", "Generator"]),
        ("numpy.random._mt19937", ["MT19937"]),
        ("numpy.random._pcg64", ["PCG64"]),
        ("joblib.numpy_pickle", ["NumpyArrayWrapper"]),
        ("scipy.sparse._csr", ["csr_matrix", "csr_array"]),
        ("scipy.sparse._csc", ["csc_matrix", "csc_array"]),
        ("scipy.sparse._coo", ["coo_matrix", "coo_array"]),
        ("scipy.sparse.csr", ["csr_matrix"]),
        ("scipy.sparse.csc", ["csc_matrix"]),
        ("re", ["_compile"]),
        ("pandas._libs.internals", ["_unpickle_block"]),
        ("pandas.core.internals.blocks", ["new_block", "new_block_2d"]),
        ("pandas.core.indexes.base", ["_new_Index"]),
        ("pandas.core.indexes.datetimes", ["_new_DatetimeIndex"]),
        ("pandas.core.indexes.period", ["_new_PeriodIndex"]),
        ("pandas._libs.arrays", ["__pyx_unpickle_NDArrayBacked"]),
        ("pandas._libs.tslibs.timestamps", ["_unpickle_timestamp"]),
        ("pandas._libs.tslibs.timedeltas", ["_timedelta_unpickle"]),
        ("pandas._libs.tslibs.nattype", ["__nat_unpickle"]),
        ("pandas._libs.sparse", ["__pyx_unpickle_IntIndex", "__pyx_unpickle_BlockIndex"]),
        ("sklearn.externals.joblib.numpy_pickle", ["NumpyArrayWrapper"]),
    ];

    // Real top-level modules with dunder names: the script's own classes, Python 2 builtins, TorchScript types, compiler features.
    private static readonly FrozenSet<string> DunderModules = new[] { "__main__", "__builtin__", "__builtins__", "__torch__", "__future__" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string[]> Denied = DeniedEntries.ToFrozenDictionary(e => e.Module, e => e.Names, StringComparer.Ordinal);

    private const int MaxCachedVerdicts = 4096;

    private readonly Dictionary<string, HashSet<string>> _allowed = new(StringComparer.Ordinal);

    // Pickles name the same few globals over and over; the policy is shared by parallel scans.
    private readonly ConcurrentDictionary<(string Module, string Name), PickleGlobalVerdict> _verdicts = new();
    private readonly bool _allowTorchScriptTypes;
    private readonly Func<string, bool>? _isRepositoryModule;

    /// <summary>Creates the built-in policy extended with <paramref name="extraAllowed"/> (module → names, <c>*</c> for all).</summary>
    /// <param name="extraAllowed">Extra allowed globals from the policy file.</param>
    /// <param name="blockUnknownGlobals">Whether every unknown global is high (policy <c>unknown-globals: block</c>), not only unknown functions.</param>
    /// <param name="isRepositoryModule">Whether a module is a Python file of the scanned repository; null when not known.</param>
    public PickleGlobalPolicy(IReadOnlyDictionary<string, IReadOnlyList<string>> extraAllowed, bool blockUnknownGlobals = false, Func<string, bool>? isRepositoryModule = null)
        : this(extraAllowed, allowTorchScriptTypes: false, blockUnknownGlobals, isRepositoryModule)
    {
    }

    private PickleGlobalPolicy(IReadOnlyDictionary<string, IReadOnlyList<string>> extraAllowed, bool allowTorchScriptTypes, bool blockUnknownGlobals, Func<string, bool>? isRepositoryModule)
    {
        ExtraAllowed = extraAllowed;
        BlockUnknownGlobals = blockUnknownGlobals;
        _allowTorchScriptTypes = allowTorchScriptTypes;
        _isRepositoryModule = isRepositoryModule;
        foreach (var (module, names) in AllowedEntries)
        {
            Allow(module, names);
        }

        foreach (var (module, names) in extraAllowed)
        {
            Allow(module, names);
        }
    }

    /// <summary>Gets the built-in policy with no extra allowed globals.</summary>
    public static PickleGlobalPolicy Default { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>Gets the extra allowed globals from the policy file.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExtraAllowed { get; }

    /// <summary>Gets whether every unknown global is high (<c>unknown-globals: block</c>); otherwise an unknown class is medium and an unknown function high.</summary>
    public bool BlockUnknownGlobals { get; }

    /// <summary>Returns a policy that also allows TorchScript's own <c>__torch__</c> types (only inside TorchScript archives, which Python's pickle never loads).</summary>
    public PickleGlobalPolicy ForTorchScript() => _allowTorchScriptTypes ? this : new PickleGlobalPolicy(ExtraAllowed, allowTorchScriptTypes: true, BlockUnknownGlobals, _isRepositoryModule);

    /// <summary>Returns whether the global <paramref name="fullName"/> (<c>module.name</c>) names a class by Python's convention (CapWords, no underscore), not a function.</summary>
    public static bool IsClassName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var last = fullName[(fullName.LastIndexOf('.') + 1)..].TrimStart('_');
        return last.Length > 0 && char.IsAsciiLetterUpper(last[0]) && !last.Contains('_', StringComparison.Ordinal);
    }

    /// <summary>Judges the global <paramref name="module"/>.<paramref name="name"/>.</summary>
    public PickleGlobalVerdict Judge(string module, string name)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        if (_verdicts.TryGetValue((module, name), out var cached))
        {
            return cached;
        }

        var verdict = Evaluate(module, name);
        if (_verdicts.Count < MaxCachedVerdicts)
        {
            _verdicts.TryAdd((module, name), verdict);
        }

        return verdict;
    }

    private PickleGlobalVerdict Evaluate(string module, string name)
    {
        var parts = name.Split('.');
        var moduleParts = module.Split('.');
        // __future__ holds only feature flags: a submodule or a dotted name walks from it into whatever it imported.
        var futureWalk = moduleParts[0] == "__future__" && (moduleParts.Length > 1 || parts.Length > 1);
        if (futureWalk || parts.Any(IsDunderOrEmpty) || moduleParts.Skip(DunderModules.Contains(moduleParts[0]) ? 1 : 0).Any(IsDunderOrEmpty))
        {
            return PickleGlobalVerdict.Traversal;
        }

        var canonical = Canonical(module);
        if (IsDenied(canonical, parts[0]))
        {
            return PickleGlobalVerdict.Dangerous;
        }

        // A dotted name walks attributes: module.a.b is also the module "a" (imported by module) with name "b".
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (IsDenied(Canonical(parts[i]), parts[i + 1]) || IsDenied(Canonical(string.Join('.', parts[..(i + 1)])), parts[i + 1]))
            {
                return PickleGlobalVerdict.Dangerous;
            }
        }

        if (_allowTorchScriptTypes && (canonical == "__torch__" || canonical.StartsWith("__torch__.", StringComparison.Ordinal)))
        {
            return PickleGlobalVerdict.Allowed;
        }

        if (IsAllowed(canonical, name) || IsAllowed(module, name) || IsScikitLearnClass(canonical, parts) || IsPandasClass(canonical, parts))
        {
            return PickleGlobalVerdict.Allowed;
        }

        // The repository's own classes: their code is in the pull request, where a reviewer can read it.
        return parts.Length == 1 && IsClassName(name) && _isRepositoryModule is not null && _isRepositoryModule(canonical)
            ? PickleGlobalVerdict.RepositoryCode
            : PickleGlobalVerdict.Unknown;
    }

    private static bool IsDunderOrEmpty(string part) =>
        part.Length == 0 || (part.Length > 4 && part.StartsWith("__", StringComparison.Ordinal) && part.EndsWith("__", StringComparison.Ordinal));

    private static string Canonical(string module)
    {
        foreach (var (alias, target) in ModuleAliases)
        {
            if (module == alias)
            {
                return target;
            }

            if (module.StartsWith(alias + ".", StringComparison.Ordinal))
            {
                return target + module[alias.Length..];
            }
        }

        return module;
    }

    private static bool IsDenied(string module, string firstName)
    {
        // The module itself and every parent prefix: asyncio.unix_events is covered by asyncio.
        var candidate = module;
        while (true)
        {
            if (Denied.TryGetValue(candidate, out var names) && (names[0] == "*" || names.Contains(firstName, StringComparer.Ordinal)))
            {
                return true;
            }

            var dot = candidate.LastIndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            candidate = candidate[..dot];
        }
    }

    // scikit-learn estimators are classes (CapWords) in sklearn.*; its functions (which may do I/O) stay unknown.
    private static bool IsScikitLearnClass(string module, string[] parts) =>
        (module == "sklearn" || module.StartsWith("sklearn.", StringComparison.Ordinal))
        && !module.StartsWith("sklearn.externals", StringComparison.Ordinal)
        && parts.Length == 1 && char.IsAsciiLetterUpper(parts[0][0]);

    // What DataFrame.to_pickle emits: classes of pandas' data structures (frames, indexes, blocks, arrays, dtypes, offsets); never its readers.
    private static bool IsPandasClass(string module, string[] parts) =>
        (module.StartsWith("pandas.core.", StringComparison.Ordinal) || module.StartsWith("pandas._libs.", StringComparison.Ordinal))
        && parts.Length == 1 && char.IsAsciiLetterUpper(parts[0][0]);

    private void Allow(string module, IEnumerable<string> names)
    {
        var canonical = Canonical(module);
        if (!_allowed.TryGetValue(canonical, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _allowed[canonical] = set;
        }

        set.UnionWith(names);
    }

    private bool IsAllowed(string module, string name)
    {
        // A dotted name reaches attributes of attributes (possibly other modules): only an exact entry allows it.
        var dotted = name.Contains('.', StringComparison.Ordinal);
        if (_allowed.TryGetValue(module, out var names) && (names.Contains(name) || (!dotted && names.Contains("*"))))
        {
            return true;
        }

        if (dotted)
        {
            return false;
        }

        // A "*" entry covers submodules too (torch.nn.modules.linear under torch.nn.modules).
        var dot = module.LastIndexOf('.');
        while (dot > 0)
        {
            if (_allowed.TryGetValue(module[..dot], out var parent) && parent.Contains("*"))
            {
                return true;
            }

            dot = module.LastIndexOf('.', dot - 1);
        }

        return false;
    }
}

using System.Globalization;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>What the reader knows about a name at one point of the code: a string or boolean constant, or what downloaded its value.</summary>
/// <param name="Text">The string constant it holds, if any.</param>
/// <param name="Flag">The boolean constant it holds, if any.</param>
/// <param name="Download">What downloaded the value it holds (for messages), if anything.</param>
internal sealed record PythonFact(string? Text, bool? Flag, string? Download)
{
    /// <summary>A name whose value is not known (a parameter, a loop variable, a reassignment).</summary>
    public static PythonFact Unknown { get; } = new(null, null, null);
}

/// <summary>
/// The names in force while reading: the module's imports (alias → qualified name) and a stack of frames (module, then
/// each enclosing function or class) mapping names to facts. Data flow is followed within these frames only.
/// </summary>
internal sealed class PythonScope
{
    // Calls whose result is a downloaded file, folder, response or stream.
    private static readonly HashSet<string> DownloadNames = new(StringComparer.Ordinal)
    {
        "hf_hub_download", "snapshot_download", "cached_download", "cached_path", "urlretrieve", "urlopen", "get_file",
        "load_file_from_url", "download_and_extract_archive", "download_url",
    };

    private static readonly HashSet<string> DownloadCalls = new(StringComparer.Ordinal)
    {
        "requests.get", "requests.post", "requests.request", "httpx.get", "httpx.post", "httpx.request", "wget.download", "gdown.download",
        "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.urlretrieve", "urllib.urlopen", "fsspec.open", "smart_open.open",
    };

    private readonly Dictionary<string, string> _imports = new(StringComparer.Ordinal);
    private readonly List<(int Indent, Dictionary<string, PythonFact> Names)> _frames = [(-1, new(StringComparer.Ordinal))];
    private Func<int, int, (int Line, int Column)> _position = (line, column) => (line, column);
    private string? _unitLabel;

    /// <summary>Gets the unit being read.</summary>
    public SourceUnit? Unit { get; private set; }

    /// <summary>Gets the imported module roots, such as <c>transformers</c>.</summary>
    public ISet<string> ImportedRoots { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Records <c>import a.b as x</c> (x → a.b) or <c>from a import b as x</c> (x → a.b).</summary>
    public void Import(string alias, string qualified)
    {
        _imports[alias] = qualified;
        ImportedRoots.Add(qualified.Split('.')[0]);
    }

    /// <summary>Starts reading <paramref name="unit"/>: code of a new cell or file starts at module level.</summary>
    public void Enter(SourceUnit unit)
    {
        _frames.RemoveRange(1, _frames.Count - 1);
        Unit = unit;
        _position = unit.Position;
        _unitLabel = unit.Label;
    }

    /// <summary>Leaves the frames that a logical line at <paramref name="indent"/> is no longer inside.</summary>
    public void Dedent(int indent)
    {
        while (_frames.Count > 1 && indent <= _frames[^1].Indent)
        {
            _frames.RemoveAt(_frames.Count - 1);
        }
    }

    /// <summary>Opens the frame of a function or class whose header is at <paramref name="indent"/>.</summary>
    public void Push(int indent) => _frames.Add((indent, new(StringComparer.Ordinal)));

    /// <summary>Binds <paramref name="name"/> in the innermost frame.</summary>
    public void Bind(string name, PythonFact fact) => _frames[^1].Names[name] = fact;

    /// <summary>Returns what is known about <paramref name="name"/>, innermost frame first.</summary>
    public PythonFact? Lookup(string name)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].Names.TryGetValue(name, out var fact))
            {
                return fact;
            }
        }

        return null;
    }

    /// <summary>Resolves a dotted name as written through the imports: <c>pkl.load</c> → <c>pickle.load</c>.</summary>
    public string Qualify(string dotted)
    {
        var dot = dotted.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? dotted : dotted[..dot];
        return _imports.TryGetValue(head, out var qualified) ? qualified + (dot < 0 ? "" : dotted[dot..]) : dotted;
    }

    /// <summary>Returns how to name, in a message, the download that the call whose last name is at <paramref name="nameIndex"/> makes; <see langword="null"/> when it is no download.</summary>
    public string? DownloadCall(IReadOnlyList<PythonToken> tokens, int nameIndex)
    {
        var dotted = PythonCall.DottedNameEndingAt(tokens, nameIndex);
        if (dotted is null)
        {
            return null;
        }

        var qualified = Qualify(dotted);
        var last = qualified[(qualified.LastIndexOf('.') + 1)..];
        return DownloadNames.Contains(last) || DownloadCalls.Contains(qualified) ? $"`{dotted}(…)` at {Where(tokens[nameIndex])}" : null;
    }

    /// <summary>Returns "line N" (or "cell C, line N") of <paramref name="token"/> in the file.</summary>
    public string Where(PythonToken token)
    {
        var (line, _) = _position(token.Line, token.Column);
        var text = "line " + line.ToString(CultureInfo.InvariantCulture);
        return _unitLabel is null ? text : $"{_unitLabel}, {text}";
    }
}

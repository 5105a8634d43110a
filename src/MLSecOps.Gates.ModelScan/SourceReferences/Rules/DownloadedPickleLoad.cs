using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.SourceReferences.Rules;

/// <summary>MOD153: code unpickles (pickle, joblib, dill, cloudpickle, pandas) a file or response it downloaded.</summary>
internal sealed class DownloadedPickleLoad : ISourceReferenceRule
{
    private static readonly HashSet<string> Loaders = new(StringComparer.Ordinal)
    {
        "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads", "cPickle.load", "cPickle.loads", "dill.load", "dill.loads",
        "cloudpickle.load", "cloudpickle.loads", "joblib.load", "sklearn.externals.joblib.load", "pandas.read_pickle", "torch.package.PackageImporter",
    };

    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "MOD153",
        "Code unpickles a downloaded file",
        "`pickle.load`, `joblib.load`, `dill`, `cloudpickle`, `pandas.read_pickle` (or `numpy.load(allow_pickle=True)`) is given a file, stream or response that the same function (or module) downloaded: `hf_hub_download`, `snapshot_download`, `urlretrieve`, `urlopen`, `requests.get`, `keras.utils.get_file` and the like, directly or through a variable, `os.path.join`, `open(…)` or `with … as`. The file never passes through this repository's model scan, and unpickling it runs whatever callables it names.",
        "Download a format that cannot run code (safetensors, ONNX, skops with trusted types) or scan the artifact with `mlsecops model-scan` and pin it by digest in the lock file before loading. At the least pin `revision` to a reviewed commit for Hub downloads.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.IntegrationIssues, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "AML.T0011", "CWE-502", "CWE-494"],
        Precision.High,
        example: "`model = joblib.load(hf_hub_download(\"org/sklearn-model\", \"model.joblib\"))`, or `path, _ = urlretrieve(url)` then `pickle.load(open(path, \"rb\"))`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<SourceHit> Evaluate(PythonCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var numpy = call.Qualified == "numpy.load" && call.Keyword("allow_pickle")?.Value.BoolValue == true;
        if (!numpy && !Loaders.Contains(call.Qualified))
        {
            yield break;
        }

        if (call.Arguments.Where(a => a.Keyword is null or "file" or "filename" or "filepath_or_buffer" or "path").Select(a => a.Value.Download).FirstOrDefault(d => d is not null) is { } download)
        {
            yield return new SourceHit(
                Rule,
                call.At,
                $"`{call.Dotted}` unpickles what {download} downloaded: the file is never scanned here, and loading it runs any callable it names. Download safetensors or ONNX instead, or scan the artifact and pin it by digest before loading.",
                $"{call.Dotted}|{download[..download.IndexOf(" at ", StringComparison.Ordinal)]}",
                $"{call.Dotted}({download[..download.IndexOf(" at ", StringComparison.Ordinal)]})");
        }
    }
}

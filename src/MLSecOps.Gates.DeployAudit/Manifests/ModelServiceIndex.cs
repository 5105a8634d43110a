using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>Which Services front model servers or ML control planes: by selector match, by name, or by well-known port.</summary>
internal sealed class ModelServiceIndex
{
    /// <summary>Name fragments of sensitive ML interfaces (Kubescape C-0021's list, extended).</summary>
    private static readonly string[] s_sensitiveNames =
        ["ollama", "vllm", "kserve", "triton", "ray-dashboard", "ray-head", "mlflow", "jupyter", "seldon", "bentoml", "kubeflow", "torchserve", "text-generation", "tgi-"];

    /// <summary>Ports of ML control planes: Ollama, Ray dashboard and client, Jupyter, TorchServe management.</summary>
    private static readonly long[] s_sensitivePorts = [11434, 8265, 10001, 8888, 8081];

    private readonly HashSet<(string Namespace, string Name)> _modelServices = [];

    /// <summary>Model-serving pod label mappings by namespace.</summary>
    private readonly ILookup<string, YMap> _servers;

    /// <summary>The same mappings by (namespace, label key, label value), first occurrence of a key only (the one lookups see).</summary>
    private readonly Dictionary<(string Namespace, string Key, string Value), List<YMap>> _byLabel = [];

    public ModelServiceIndex(IReadOnlyList<ClusterResource> resources)
    {
        _servers = resources.Where(r => r.ServesModels).SelectMany(r => r.PodLabels.Select(l => (Namespace: r.Manifest.Namespace ?? "", Labels: l)))
            .ToLookup(p => p.Namespace, p => p.Labels, StringComparer.Ordinal);
        foreach (var group in _servers)
        {
            foreach (var labels in group)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in labels.Entries)
                {
                    if (seen.Add(key.Value) && value is YScalar { IsNull: false } scalar)
                    {
                        var at = (group.Key, key.Value, scalar.Value);
                        (_byLabel.TryGetValue(at, out var list) ? list : _byLabel[at] = []).Add(labels);
                    }
                }
            }
        }

        foreach (var service in resources.Select(r => r.Manifest).Where(m => m.Kind == "Service"))
        {
            if (FrontsModels(service))
            {
                _modelServices.Add((service.Namespace ?? "", service.Name));
            }
        }
    }

    /// <summary>Returns whether the Service named <paramref name="name"/> in <paramref name="ns"/> fronts a model server.</summary>
    public bool IsModelService(string? ns, string name) =>
        _modelServices.Contains((ns ?? "", name)) || IsSensitiveName(name);

    /// <summary>Returns whether <paramref name="name"/> contains a sensitive ML interface name.</summary>
    public static bool IsSensitiveName(string name) => s_sensitiveNames.Any(n => name.Contains(n, StringComparison.OrdinalIgnoreCase));

    private bool FrontsModels(Manifest service)
    {
        if (IsSensitiveName(service.Name) || service.Spec?.Seq("ports")?.Maps().Any(p => s_sensitivePorts.Contains(p.Map.Scalar("targetPort")?.AsInteger ?? p.Map.Scalar("port")?.AsInteger ?? 0)) == true)
        {
            return true;
        }

        var selector = service.Spec?.Map("selector");
        if (selector is null || selector.Entries.Count == 0)
        {
            return false;
        }

        // A pod matches only if it carries the selector's first scalar entry, so only those pods are checked; a selector
        // without scalar values (which matches only pods lacking those labels) is checked against every pod.
        var ns = service.Namespace ?? "";
        var anchor = selector.Entries.FirstOrDefault(e => e.Value is YScalar);
        IEnumerable<YMap> candidates = anchor.Value is YScalar value ? _byLabel.GetValueOrDefault((ns, anchor.Key.Value, value.Value)) ?? [] : _servers[ns];
        return candidates.Any(labels => Selects(selector, labels));
    }

    private static bool Selects(YMap selector, YMap? labels) =>
        labels is not null && selector.Entries.All(e => labels.Text(e.Key.Value) == (e.Value as YScalar)?.Value);
}

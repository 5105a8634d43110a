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

    public ModelServiceIndex(IReadOnlyList<ManifestView> views)
    {
        var servers = views.Where(v => v.ServesModels).ToLookup(v => v.Manifest.Namespace ?? "", StringComparer.Ordinal);
        foreach (var service in views.Where(v => v.Manifest.Kind == "Service"))
        {
            if (FrontsModels(service.Manifest, servers[service.Manifest.Namespace ?? ""]))
            {
                _modelServices.Add((service.Manifest.Namespace ?? "", service.Manifest.Name));
            }
        }
    }

    /// <summary>Returns whether the Service named <paramref name="name"/> in <paramref name="ns"/> fronts a model server.</summary>
    public bool IsModelService(string? ns, string name) =>
        _modelServices.Contains((ns ?? "", name)) || IsSensitiveName(name);

    /// <summary>Returns whether <paramref name="name"/> contains a sensitive ML interface name.</summary>
    public static bool IsSensitiveName(string name) => s_sensitiveNames.Any(n => name.Contains(n, StringComparison.OrdinalIgnoreCase));

    private static bool FrontsModels(Manifest service, IEnumerable<ManifestView> sameNamespaceServers)
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

        return sameNamespaceServers.Any(v => v.Pods.Any(p => Selects(selector, p.TemplateMetadata?.Map("labels"))));
    }

    private static bool Selects(YMap selector, YMap? labels) =>
        labels is not null && selector.Entries.All(e => labels.Text(e.Key.Value) == (e.Value as YScalar)?.Value);
}

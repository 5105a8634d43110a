using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>Turns a Kubernetes container into a <see cref="ServerProcess"/>.</summary>
internal static class ContainerProcessReader
{
    /// <summary>Reads the command line and environment of <paramref name="site"/>.</summary>
    public static ServerProcess Read(ContainerSite site, IReadOnlyList<string> extraImages)
    {
        var container = site.Container;
        var tokens = new List<ArgToken>();
        AddWords(tokens, container, "command", site.KeyPath);
        AddWords(tokens, container, "args", site.KeyPath);
        var env = new List<EnvEntry>();
        foreach (var (i, item) in container.Seq("env")?.Maps() ?? [])
        {
            if (item.Text("name") is { } name)
            {
                var value = item.Scalar("value");
                env.Add(new EnvEntry(name, item["valueFrom"] is null ? value?.Value ?? "" : null, (value ?? (YNode)item).Span, $"{site.KeyPath}.env[{i}]"));
            }
        }

        var kinds = ServerClassifier.Classify(site.Image, tokens, extraImages);
        if ((kinds & ServerKinds.Vllm) != 0 && (!site.Pod.LongRunning || site.Manifest.Kind is "RayCluster" or "RayService" or "RayJob")
            && (ServerClassifier.Classify(null, tokens, []) & ServerKinds.Vllm) == 0)
        {
            // A vLLM image on a training job or a Ray cluster is a library (RL rollouts, batch inference), not an OpenAI server that --api-key protects.
            kinds &= ~ServerKinds.Vllm;
        }

        if (site.Manifest.Kind is "InferenceService" or "SeldonDeployment" or "ServingRuntime" or "ClusterServingRuntime" or "LLMInferenceService"
            or "LLMInferenceServiceConfig" || (site.Manifest.Kind is "Server" or "ServerConfig" && site.Manifest.ApiVersion.StartsWith("mlops.seldon.io/", StringComparison.Ordinal)))
        {
            kinds |= ServerKinds.Generic;
        }

        if (site.Manifest.Kind is "RayCluster" or "RayService" or "RayJob")
        {
            kinds |= ServerKinds.Ray;
        }

        if (site.Manifest.Kind == "Notebook")
        {
            kinds |= ServerKinds.Jupyter;
        }

        return new ServerProcess
        {
            Path = site.Manifest.Path,
            Subject = site.Manifest.Id,
            Anchor = (container.KeyNode("name") ?? (YNode)container).Span,
            AnchorPath = site.KeyPath,
            Image = site.Image,
            Tokens = tokens,
            Env = env,
            Resource = site.Manifest,
            Kinds = kinds,
        };
    }

    private static void AddWords(List<ArgToken> tokens, YMap container, string key, string path)
    {
        switch (container[key])
        {
            case YSeq seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (seq.Items[i] is YScalar s)
                    {
                        Split(tokens, s, $"{path}.{key}[{i}]");
                    }
                }

                break;
            case YScalar s:
                Split(tokens, s, $"{path}.{key}");
                break;
        }
    }

    /// <summary>Splits a scalar into words, keeping an empty quoted value (<c>--token=''</c>) as written.</summary>
    public static void Split(List<ArgToken> tokens, YScalar scalar, string keyPath)
    {
        foreach (var word in CommandWords.Split(scalar.Value))
        {
            // A quoted word with spaces is a nested command (eval "vllm serve … --trust-remote-code", bash -c "…"): its words count too.
            var nested = word.Contains(' ', StringComparison.Ordinal) || word.Contains('\n', StringComparison.Ordinal);
            foreach (var part in nested ? CommandWords.Split(word).Where(w => w != "\\") : [word])
            {
                tokens.Add(new ArgToken(part, scalar.Span, keyPath));
            }
        }
    }
}

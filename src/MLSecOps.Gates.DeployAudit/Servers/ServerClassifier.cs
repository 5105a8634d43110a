namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>Recognises model servers and ML control planes from image, command words and environment.</summary>
internal static class ServerClassifier
{
    /// <summary>Returns the kinds <paramref name="image"/> and <paramref name="tokens"/> reveal.</summary>
    public static ServerKinds Classify(string? image, IReadOnlyList<ArgToken> tokens, IReadOnlyList<string> extraImages)
    {
        var img = image?.ToLowerInvariant() ?? "";
        var words = tokens.Select(t => t.Text.ToLowerInvariant()).ToList();
        var kinds = ServerKinds.None;
        if (img.Contains("vllm", StringComparison.Ordinal) || Follows(words, "vllm", "serve") || words.Exists(w => w.Contains("vllm.entrypoints", StringComparison.Ordinal)))
        {
            kinds |= ServerKinds.Vllm;
        }

        if (img.Contains("text-generation-inference", StringComparison.Ordinal) || words.Exists(w => w.EndsWith("text-generation-launcher", StringComparison.Ordinal)))
        {
            kinds |= ServerKinds.Tgi;
        }

        if (img.Contains("ollama", StringComparison.Ordinal) || words.Exists(w => w.EndsWith("ollama", StringComparison.Ordinal)))
        {
            kinds |= ServerKinds.Ollama;
        }

        if (img.Contains("tritonserver", StringComparison.Ordinal) || words.Exists(w => w.EndsWith("tritonserver", StringComparison.Ordinal)))
        {
            kinds |= ServerKinds.Triton;
        }

        if (img.Contains("torchserve", StringComparison.Ordinal) || words.Exists(w => w.EndsWith("torchserve", StringComparison.Ordinal)))
        {
            kinds |= ServerKinds.TorchServe;
        }

        if (img.Contains("rayproject/ray", StringComparison.Ordinal) || Follows(words, "ray", "start"))
        {
            kinds |= ServerKinds.Ray;
        }

        if (Follows(words, "mlflow", "server") || Follows(words, "mlflow", "ui"))
        {
            kinds |= ServerKinds.Mlflow;
        }

        if (img.Contains("jupyter", StringComparison.Ordinal) || words.Exists(IsJupyterWord))
        {
            kinds |= ServerKinds.Jupyter;
        }

        if (extraImages.Any(e => e.Length > 0 && img.Contains(e, StringComparison.OrdinalIgnoreCase)))
        {
            kinds |= ServerKinds.Generic;
        }

        return kinds;
    }

    private static bool IsJupyterWord(string w) =>
        w is "jupyter" or "jupyterhub" or "jupyter-lab" or "jupyter-notebook" || w.EndsWith("start-notebook.sh", StringComparison.Ordinal)
        || w.EndsWith("start-notebook.py", StringComparison.Ordinal);

    private static bool Follows(List<string> words, string first, string second)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i].EndsWith(first, StringComparison.Ordinal) && words[i + 1] == second)
            {
                return true;
            }
        }

        return false;
    }
}

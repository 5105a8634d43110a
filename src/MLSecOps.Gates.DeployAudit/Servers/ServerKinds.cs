namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>The model servers and ML control planes a process was recognised as.</summary>
[Flags]
internal enum ServerKinds
{
    /// <summary>Not recognised.</summary>
    None = 0,

    /// <summary>vLLM OpenAI-compatible server.</summary>
    Vllm = 1,

    /// <summary>Hugging Face text-generation-inference.</summary>
    Tgi = 2,

    /// <summary>Ollama.</summary>
    Ollama = 4,

    /// <summary>NVIDIA Triton Inference Server.</summary>
    Triton = 8,

    /// <summary>TorchServe.</summary>
    TorchServe = 16,

    /// <summary>Ray (head, dashboard, GCS).</summary>
    Ray = 32,

    /// <summary>MLflow tracking server.</summary>
    Mlflow = 64,

    /// <summary>Jupyter server or JupyterHub.</summary>
    Jupyter = 128,

    /// <summary>Another model server named in the <c>model-server-images</c> setting or deployed through a serving CRD.</summary>
    Generic = 256,
}

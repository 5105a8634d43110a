namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>Recognises llama.cpp's HTTP server (<c>llama-server</c>) and reads its <c>LLAMA_ARG_*</c> switches.</summary>
internal static class LlamaCppServer
{
    /// <summary>Returns whether the process is llama.cpp's server: its image, or <c>llama-server</c> as a command word.</summary>
    public static bool Is(ServerProcess process) =>
        !process.Is(ServerKinds.Ollama | ServerKinds.Tgi)
        && (process.Image?.ToLowerInvariant() is { } image && (image.Contains("llama.cpp:server", StringComparison.Ordinal) || image.Contains("llama.cpp:full", StringComparison.Ordinal)
                || image.Contains("llama-cpp-server", StringComparison.Ordinal))
            || process.Tokens.Any(t => t.Text == "llama-server" || t.Text.EndsWith("/llama-server", StringComparison.Ordinal)));

    /// <summary>Returns whether an environment switch is on (llama.cpp accepts 1, true, on, enabled).</summary>
    public static bool EnvOn(ServerProcess process, string name) =>
        process.EnvVar(name)?.Value?.Trim().ToLowerInvariant() is "1" or "true" or "on" or "enabled";
}

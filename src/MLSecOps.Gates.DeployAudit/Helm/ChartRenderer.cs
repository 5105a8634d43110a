using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MLSecOps.Gates.DeployAudit.Helm;

/// <summary>What <c>helm template</c> produced for one chart: the rendered text, or why there is none.</summary>
/// <param name="Output">The rendered documents, or <see langword="null"/> when rendering failed.</param>
/// <param name="Failure">Why rendering failed, safe to print.</param>
internal sealed record ChartRender(string? Output, string? Failure);

/// <summary>
/// Runs <c>helm template</c> with the chart's default values on a copy of the chart in a private temporary folder:
/// every Helm home, cache, plugin and repository path points into it, the proxy points nowhere (no network), the
/// run is killed after the timeout and its output is capped.
/// </summary>
internal static class ChartRenderer
{
    /// <summary>The most rendered output read; more is a failure (the chart is then reported as not rendered).</summary>
    public const int MaxOutputBytes = 8 * 1024 * 1024;

    private const int MaxErrorBytes = 16 * 1024;
    private const int MaxChartFiles = 5000;
    private const long MaxChartBytes = 64L * 1024 * 1024;
    private const int MaxChartDepth = 16;

    /// <summary>Renders the chart in <paramref name="chartFolder"/> with the executable at <paramref name="helm"/>.</summary>
    public static async Task<ChartRender> RenderAsync(string helm, string chartFolder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sandbox = Directory.CreateTempSubdirectory("mlsecops-helm-");
        try
        {
            var chart = Path.Combine(sandbox.FullName, "chart");
            var budget = new CopyBudget();
            try
            {
                if (!Copy(new DirectoryInfo(chartFolder), chart, 0, budget))
                {
                    return new(null, budget.Failure);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new(null, "the chart could not be copied: " + ex.GetType().Name);
            }

            // An empty working folder: nothing the chart ships can be picked up as a relative path.
            var work = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "work")).FullName;
            return await RunAsync(StartInfo(helm, chart, sandbox.FullName, work), timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                sandbox.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary folder is harmless; the scan result is not.
            }
        }
    }

    private static async Task<ChartRender> RunAsync(ProcessStartInfo info, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new(null, $"helm could not be started ({ex.Message})");
        }

        process.StandardInput.Close();
        var output = ReadCappedAsync(process, process.StandardOutput.BaseStream, MaxOutputBytes);
        var error = ReadCappedAsync(process, process.StandardError.BaseStream, MaxErrorBytes);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return new(null, $"helm template did not finish within {timeout.TotalSeconds:0} s");
        }

        var (bytes, complete) = await output.ConfigureAwait(false);
        var (errorBytes, _) = await error.ConfigureAwait(false);
        if (!complete)
        {
            return new(null, $"helm template wrote more than {MaxOutputBytes / (1024 * 1024)} MiB");
        }

        if (process.ExitCode != 0)
        {
            var reason = Encoding.UTF8.GetString(errorBytes).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {process.ExitCode}";
            return new(null, "helm template failed: " + (reason.Length > 200 ? reason[..200] + "…" : reason));
        }

        return new(Encoding.UTF8.GetString(bytes), null);
    }

    private static ProcessStartInfo StartInfo(string helm, string chart, string sandbox, string work)
    {
        var info = new ProcessStartInfo(helm)
        {
            WorkingDirectory = work,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "template", "mlsecops", chart, "--namespace", "default" })
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of the scanning user's environment (kube contexts, registry logins, repositories, plugins) reaches helm.
        info.Environment.Clear();
        string In(string name) => Path.Combine(sandbox, name);
        info.Environment["HOME"] = In("home");
        info.Environment["HELM_CACHE_HOME"] = In("cache");
        info.Environment["HELM_CONFIG_HOME"] = In("config");
        info.Environment["HELM_DATA_HOME"] = In("data");
        info.Environment["HELM_PLUGINS"] = In("plugins");
        info.Environment["HELM_REGISTRY_CONFIG"] = In("registry.json");
        info.Environment["HELM_REPOSITORY_CONFIG"] = In("repositories.yaml");
        info.Environment["HELM_REPOSITORY_CACHE"] = In("repository");
        info.Environment["KUBECONFIG"] = In("kubeconfig");
        foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy" })
        {
            info.Environment[proxy] = "http://127.0.0.1:9";
        }

        return info;
    }

    private static async Task<(byte[] Bytes, bool Complete)> ReadCappedAsync(Process process, Stream stream, int cap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                Kill(process);
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), true);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // It exited on its own.
        }
    }

    /// <summary>Copies the chart without following links (a link could pull any file of the machine into the output), under a size budget.</summary>
    private static bool Copy(DirectoryInfo source, string target, int depth, CopyBudget budget)
    {
        if (depth > MaxChartDepth)
        {
            budget.Failure = $"the chart nests folders deeper than {MaxChartDepth}";
            return false;
        }

        Directory.CreateDirectory(target);
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || entry.Name == ".git")
            {
                continue;
            }

            if (entry is DirectoryInfo folder)
            {
                if (!Copy(folder, Path.Combine(target, entry.Name), depth + 1, budget))
                {
                    return false;
                }

                continue;
            }

            var file = (FileInfo)entry;
            budget.Files++;
            budget.Bytes += file.Length;
            if (budget.Files > MaxChartFiles || budget.Bytes > MaxChartBytes)
            {
                budget.Failure = $"the chart is over {MaxChartFiles} files or {MaxChartBytes / (1024 * 1024)} MiB";
                return false;
            }

            file.CopyTo(Path.Combine(target, entry.Name));
        }

        return true;
    }

    private sealed class CopyBudget
    {
        public int Files { get; set; }

        public long Bytes { get; set; }

        public string Failure { get; set; } = "";
    }
}

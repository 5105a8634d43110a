using System.Diagnostics;
using System.Globalization;

namespace MLSecOps.Gates.DesignReview.Repository;

/// <summary>Reads commit times from the repository's git history with the <c>git</c> command; absent git or history means "unknown", never an error.</summary>
internal static class GitHistory
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>Returns the time of the newest commit that touched any of <paramref name="paths"/>.</summary>
    /// <param name="repositoryRoot">The repository folder.</param>
    /// <param name="paths">Repository-relative files or folders.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The commit time, or <see langword="null"/> when not a git checkout, git is missing or nothing was committed.</returns>
    public static async Task<DateTimeOffset?> LastCommitAsync(string repositoryRoot, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0 || !Directory.Exists(Path.Combine(repositoryRoot, ".git")) && !File.Exists(Path.Combine(repositoryRoot, ".git")))
        {
            return null;
        }

        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", repositoryRoot, "log", "-1", "--format=%ct", "--" }.Concat(paths))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(s_timeout);
            var output = process.StandardOutput.ReadToEndAsync(budget.Token);
            _ = process.StandardError.ReadToEndAsync(budget.Token);
            try
            {
                await process.WaitForExitAsync(budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            var text = (await output.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MLSecOps.Core.Files;

/// <summary>The files git tracks under a folder (<c>git ls-files</c>), or why they could not be listed.</summary>
internal sealed class GitTrackedFiles
{
    private const int MaxListingBytes = 256 * 1024 * 1024;
    private const int MaxErrorBytes = 16 * 1024;

    private readonly HashSet<string> _files;
    private readonly HashSet<string> _folders;

    private GitTrackedFiles(HashSet<string> files, HashSet<string> folders, string? unavailable)
    {
        _files = files;
        _folders = folders;
        Unavailable = unavailable;
    }

    /// <summary>Gets why git could not answer in a git checkout (git missing, timed out, refused), or <see langword="null"/>.</summary>
    public string? Unavailable { get; }

    /// <summary>Gets whether git listed the tracked files.</summary>
    public bool IsListed { get; private init; }

    /// <summary>Returns whether git tracks the file at <paramref name="fullPath"/>.</summary>
    public bool Tracks(string fullPath) => _files.Contains(fullPath);

    /// <summary>Returns whether git tracks any file under the folder at <paramref name="fullPath"/>.</summary>
    public bool TracksUnder(string fullPath) => _folders.Contains(fullPath);

    /// <summary>Lists what git tracks under <paramref name="folder"/>; outside a checkout, or when git cannot answer, nothing is listed.</summary>
    /// <param name="folder">The absolute folder (the scanned folder).</param>
    /// <param name="insideCheckout">Whether a <c>.git</c> was found above the folder (then a failure is reported, not silent).</param>
    /// <param name="options">Which git to run and for how long.</param>
    public static GitTrackedFiles List(string folder, bool insideCheckout, DiscoveryOptions options)
    {
        if (!insideCheckout)
        {
            return new([], [], null);
        }

        using var process = new Process { StartInfo = StartInfo(folder, options.GitExecutable) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new([], [], $"git could not be started ({ex.Message})");
        }

        process.StandardInput.Close();
        var output = Task.Run(() => ReadCapped(process.StandardOutput.BaseStream, MaxListingBytes));
        var error = Task.Run(() => ReadCapped(process.StandardError.BaseStream, MaxErrorBytes));
        if (!process.WaitForExit(options.GitTimeout))
        {
            process.Kill(entireProcessTree: true);
            return new([], [], $"git ls-files did not answer within {options.GitTimeout.TotalSeconds:0} s");
        }

        var (bytes, complete) = output.GetAwaiter().GetResult();
        if (process.ExitCode != 0 || !complete)
        {
            var reason = complete ? Encoding.UTF8.GetString(error.GetAwaiter().GetResult().Bytes).Split('\n')[0].Trim() : "its listing is over 256 MiB";
            return new([], [], $"git ls-files failed: {reason}");
        }

        return Parse(folder, bytes);
    }

    private static ProcessStartInfo StartInfo(string folder, string git)
    {
        var info = new ProcessStartInfo(git)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The repository's own config is attacker input: fsmonitor would run a program of its choosing, and
        // safe.directory would refuse a workspace owned by another user (a container action), so both are set here.
        foreach (var argument in new[] { "--no-pager", "-c", "core.fsmonitor=false", "-c", "safe.directory=*", "ls-files", "-z", "--cached", "--recurse-submodules" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        return info;
    }

    private static (byte[] Bytes, bool Complete) ReadCapped(Stream stream, int cap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), true);
    }

    private static GitTrackedFiles Parse(string folder, byte[] listing)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // git always writes '/', the platform separator may differ.
            var full = Path.GetFullPath(Path.Combine(folder, entry.Replace('/', Path.DirectorySeparatorChar)));
            files.Add(full);
            for (var parent = Path.GetDirectoryName(full); parent is not null && parent.Length > folder.Length && folders.Add(parent);)
            {
                parent = Path.GetDirectoryName(parent);
            }
        }

        return new(files, folders, null) { IsListed = true };
    }
}

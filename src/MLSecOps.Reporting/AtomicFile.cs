namespace MLSecOps.Reporting;

/// <summary>Writes a file through a temporary sibling and a rename, so readers never see half a report.</summary>
internal static class AtomicFile
{
    /// <summary>Creates the folder, lets <paramref name="write"/> fill a temporary file, then moves it over <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (IOException ex) when (ex.Message.Contains(temp, StringComparison.Ordinal))
        {
            // The temporary name means nothing to the user: name the file they asked for.
            throw new IOException(ex.Message.Replace(temp, full, StringComparison.Ordinal), ex);
        }
        catch (UnauthorizedAccessException ex) when (ex.Message.Contains(temp, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException(ex.Message.Replace(temp, full, StringComparison.Ordinal), ex);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

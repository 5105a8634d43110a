using System.Security.Cryptography;
using System.Text;

namespace MLSecOps.Gates.DataCheck.Integrity;

/// <summary>Computes the md5 DVC records: raw bytes for DVC 3 (<c>hash: md5</c>), CRLF→LF for text files under DVC 2.x, and <c>.dir</c> manifests for folders.</summary>
internal static class DvcHash
{
    /// <summary>Returns the md5 of a file the way DVC of the given generation computed it.</summary>
    public static async Task<string> FileAsync(string fullPath, bool legacyText, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(fullPath);
        await using (stream.ConfigureAwait(false))
        {
            if (!legacyText || !await IsTextAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                stream.Position = 0;
                return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }

            stream.Position = 0;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var buffer = new byte[81920];
            var output = new byte[buffer.Length];
            var pendingCr = false;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var n = 0;
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (pendingCr && b != (byte)'\n')
                    {
                        output[n++] = (byte)'\r';
                    }

                    pendingCr = b == (byte)'\r';
                    if (!pendingCr)
                    {
                        output[n++] = b;
                    }
                }

                md5.AppendData(output, 0, n);
            }

            if (pendingCr)
            {
                md5.AppendData("\r"u8);
            }

            return Convert.ToHexStringLower(md5.GetHashAndReset());
        }
    }

    /// <summary>Returns the <c>.dir</c> md5 of a folder: md5 of the JSON list of {md5, relpath} sorted by relpath, as DVC writes it.</summary>
    public static async Task<string> DirectoryAsync(string fullPath, bool legacyText, CancellationToken cancellationToken)
    {
        var entries = new List<(string RelPath, string Md5)>();
        foreach (var file in Directory.EnumerateFiles(fullPath, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var relative = Path.GetRelativePath(fullPath, file).Replace('\\', '/');
            entries.Add((relative, await FileAsync(file, legacyText, cancellationToken).ConfigureAwait(false)));
        }

        var json = new StringBuilder("[");
        foreach (var (relPath, md5) in entries.OrderBy(e => e.RelPath, StringComparer.Ordinal))
        {
            json.Append(json.Length > 1 ? ", " : "").Append("{\"md5\": \"").Append(md5).Append("\", \"relpath\": \"").Append(relPath.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"}");
        }

        json.Append(']');
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(json.ToString()))) + ".dir";
    }

    private static async Task<bool> IsTextAsync(Stream stream, CancellationToken cancellationToken)
    {
        // DVC 2.x looked at the first 512 bytes: no NUL and mostly printable means text.
        var head = new byte[512];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var span = head.AsSpan(0, read);
        if (span.Contains((byte)0))
        {
            return false;
        }

        var control = 0;
        foreach (var b in span)
        {
            if (b < 32 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\b' or (byte)'\f'))
            {
                control++;
            }
        }

        return read == 0 || control * 10 <= read;
    }
}

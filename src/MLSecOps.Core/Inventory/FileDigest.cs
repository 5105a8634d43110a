using System.Security.Cryptography;

namespace MLSecOps.Core.Inventory;

/// <summary>The content hash every gate records for an inventoried file, streamed so a multi-gigabyte model is never held in memory.</summary>
public static class FileDigest
{
    /// <summary>The CycloneDX name of the algorithm.</summary>
    public const string Sha256 = "SHA-256";

    /// <summary>Returns the lower-case hex SHA-256 of a file, or <see langword="null"/> when it cannot be read.</summary>
    /// <param name="fullPath">The absolute path.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The hash, or <see langword="null"/>.</returns>
    public static async Task<string?> Sha256Async(string fullPath, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The gate already reports a file it cannot read; the inventory just leaves the hash out.
            return null;
        }
    }
}

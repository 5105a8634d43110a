using System.Security.Cryptography;

namespace MLSecOps.Formats.Locking;

/// <summary>A file's SHA-256 and size, computed by streaming (never the whole file in memory).</summary>
/// <param name="Sha256">The lower-case hex SHA-256.</param>
/// <param name="Size">The number of bytes hashed.</param>
public sealed record FileDigest(string Sha256, long Size)
{
    /// <summary>Hashes a file.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>Its digest and size.</returns>
    public static async Task<FileDigest> OfAsync(string fullPath, CancellationToken cancellationToken)
    {
        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return new FileDigest(Convert.ToHexStringLower(hash), stream.Position);
        }
    }
}

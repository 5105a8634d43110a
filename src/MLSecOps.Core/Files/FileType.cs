using System.Runtime.InteropServices;

namespace MLSecOps.Core.Files;

/// <summary>What kind of file-system object a path names, without opening it (opening a FIFO blocks forever).</summary>
internal enum FileType
{
    /// <summary>The type could not be read (the path vanished, or the platform is not Unix).</summary>
    Unknown,

    /// <summary>A regular file: the only kind that is read.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link.</summary>
    SymbolicLink,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A character device.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,
}

/// <summary>Reads a path's <see cref="FileType"/> with <c>lstat</c> / <c>stat</c>; .NET reports FIFOs, sockets and devices as ordinary files.</summary>
internal static partial class FileTypes
{
    // The runtime's own native shim (libSystem.Native) fills a FileStatus whose second int is st_mode with the
    // portable S_IF* values on every Unix and architecture, unlike libc's struct stat whose layout differs per platform.
    private const string NativeLibrary = "libSystem.Native";
    private const int StatusBufferBytes = 256;
    private const int TypeMask = 0xF000;

    /// <summary>Returns the type of <paramref name="path"/> itself (a link is <see cref="FileType.SymbolicLink"/>).</summary>
    public static FileType Of(string path) => Read(path, followLinks: false);

    /// <summary>Returns the type of what <paramref name="path"/> finally points to.</summary>
    public static FileType OfTarget(string path) => Read(path, followLinks: true);

    private static FileType Read(string path, bool followLinks)
    {
        if (OperatingSystem.IsWindows())
        {
            return ManagedType(path, followLinks);
        }

        var status = new byte[StatusBufferBytes];
        int result;
        try
        {
            result = followLinks ? Stat(path, status) : LStat(path, status);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A runtime without the shim (not seen on .NET 10) still walks; it only loses FIFO and device detection.
            return ManagedType(path, followLinks);
        }

        if (result != 0)
        {
            return FileType.Unknown;
        }

        return (BitConverter.ToInt32(status, 4) & TypeMask) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0xA000 => FileType.SymbolicLink,
            0x1000 => FileType.Fifo,
            0xC000 => FileType.Socket,
            0x2000 => FileType.CharacterDevice,
            0x6000 => FileType.BlockDevice,
            _ => FileType.Unknown,
        };
    }

    private static FileType ManagedType(string path, bool followLinks)
    {
        // Windows has no FIFOs or device files in a checkout; .NET's attributes tell folders and links apart.
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return FileType.Unknown;
        }

        var attributes = info.Attributes;
        return !followLinks && attributes.HasFlag(FileAttributes.ReparsePoint) ? FileType.SymbolicLink
            : attributes.HasFlag(FileAttributes.Directory) ? FileType.Directory
            : FileType.Regular;
    }

    [LibraryImport(NativeLibrary, EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, [Out] byte[] status);

    [LibraryImport(NativeLibrary, EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] status);
}

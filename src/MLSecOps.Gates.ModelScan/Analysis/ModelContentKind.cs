namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>What a file or member is, as decided by the bounded readers that later scan it.</summary>
internal enum ModelContentKind
{
    /// <summary>Nothing recognised (tensor bytes, protobuf, other binary data).</summary>
    Unknown,

    /// <summary>No bytes at all: nothing a loader could run.</summary>
    Empty,

    /// <summary>Text that is not a pickle (configs, cards, code, notes).</summary>
    Text,

    /// <summary>A pickle stream.</summary>
    Pickle,

    /// <summary>A ZIP archive (PyTorch, npz, Keras v3).</summary>
    Zip,

    /// <summary>A TAR archive.</summary>
    Tar,

    /// <summary>gzip-compressed data.</summary>
    Gzip,

    /// <summary>zlib-compressed data (joblib's default compressor).</summary>
    Zlib,

    /// <summary>A 7-Zip archive.</summary>
    SevenZip,

    /// <summary>A RAR archive.</summary>
    Rar,

    /// <summary>bzip2-compressed data.</summary>
    Bzip2,

    /// <summary>xz-compressed data.</summary>
    Xz,

    /// <summary>LZMA-alone compressed data (joblib's lzma compressor).</summary>
    Lzma,

    /// <summary>Zstandard-compressed data.</summary>
    Zstd,

    /// <summary>LZ4-frame compressed data.</summary>
    Lz4,

    /// <summary>A NumPy <c>.npy</c> array.</summary>
    Numpy,

    /// <summary>A safetensors file.</summary>
    Safetensors,

    /// <summary>A GGUF file.</summary>
    Gguf,

    /// <summary>An HDF5 file (Keras .h5).</summary>
    Hdf5,

    /// <summary>A TensorFlow Lite flatbuffer.</summary>
    TfLite,
}

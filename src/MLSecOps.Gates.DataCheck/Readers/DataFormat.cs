namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>A data-file format recognised by content.</summary>
internal enum DataFormat
{
    /// <summary>Not recognised.</summary>
    Unknown,

    /// <summary>Comma, tab, pipe or semicolon separated values.</summary>
    Delimited,

    /// <summary>One JSON value per line.</summary>
    JsonLines,

    /// <summary>One JSON document (an array, or an object such as <c>{"data": [...]}</c>).</summary>
    JsonDocument,

    /// <summary>Plain text or Markdown.</summary>
    Text,

    /// <summary>HTML.</summary>
    Html,

    /// <summary>Apache Parquet.</summary>
    Parquet,

    /// <summary>Arrow IPC file (Feather v2).</summary>
    ArrowFile,

    /// <summary>Arrow IPC stream (what Hugging Face <c>datasets</c> writes as <c>.arrow</c>).</summary>
    ArrowStream,

    /// <summary>An image, audio or other media file: out of scope.</summary>
    Media,

    /// <summary>Binary content no reader understands.</summary>
    Binary,
}

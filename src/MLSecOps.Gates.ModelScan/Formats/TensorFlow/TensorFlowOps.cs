namespace MLSecOps.Gates.ModelScan.Formats.TensorFlow;

/// <summary>The TensorFlow op types that reach outside the graph, by risk.</summary>
internal static class TensorFlowOps
{
    /// <summary>Ops that run Python or write files (MOD055).</summary>
    public static IReadOnlySet<string> CodeExecutionOrWrite { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PyFunc", "PyFuncStateless", "EagerPyFunc", "PyCall", "ShellExecute", "ExecuteOp",
        "WriteFile", "SaveDataset", "SaveDatasetV2", "ExperimentalSaveDataset", "CreateSummaryFileWriter", "WriteSummary",
        "WriteRawProtoSummary", "WriteScalarSummary", "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary", "DebugIdentityV3",
    };

    /// <summary>Ops that read or list host files (MOD056). Left out: Save/Restore (every SavedModel's saver has them) and vocabulary-table initializers (they read the model's own assets).</summary>
    public static IReadOnlySet<string> FileAccess { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ReadFile", "MatchingFiles", "MatchingFilesDataset", "ExperimentalMatchingFilesDataset", "WholeFileReader", "WholeFileReaderV2",
        "TextLineReader", "TextLineReaderV2", "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "TFRecordReader", "TFRecordReaderV2",
        "TextLineDataset", "TFRecordDataset", "TFRecordDatasetV2", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2", "LoadDataset",
        "ImmutableConst", "LoadAndRemapMatrix",
    };
}

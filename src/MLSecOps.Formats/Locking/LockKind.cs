namespace MLSecOps.Formats.Locking;

/// <summary>What a lock entry records: a model file (model-scan) or a data-set file (data-check).</summary>
public enum LockKind
{
    /// <summary>A model file; every entry of a version 1 lock is one.</summary>
    Model,

    /// <summary>A data-set file.</summary>
    Data,
}

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>What the policy says about one global.</summary>
internal enum PickleGlobalVerdict
{
    /// <summary>On the allowlist: ordinary model content.</summary>
    Allowed,

    /// <summary>Not on the allowlist (default deny).</summary>
    Unknown,

    /// <summary>Not on the allowlist, but a class defined by a Python file of the scanned repository.</summary>
    RepositoryCode,

    /// <summary>On the denylist: runs code, touches files, network, processes or imports.</summary>
    Dangerous,

    /// <summary>Walks dunder attributes.</summary>
    Traversal,
}

namespace MLSecOps.Gates.DesignReview.Repository;

/// <summary>What a file is to the design review, judged by its path alone.</summary>
public enum ArtifactKind
{
    /// <summary>Nothing the design review tracks.</summary>
    Other,

    /// <summary>Model weights or a serialised model.</summary>
    Model,

    /// <summary>A data set file.</summary>
    Data,

    /// <summary>A serving configuration: Dockerfile, compose file, Kubernetes manifest, model-server config.</summary>
    Serving,
}

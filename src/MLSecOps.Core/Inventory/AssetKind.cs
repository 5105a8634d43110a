namespace MLSecOps.Core.Inventory;

/// <summary>What kind of thing of the ML system an <see cref="Asset"/> is.</summary>
public enum AssetKind
{
    /// <summary>A model file (weights, graph, serialised estimator).</summary>
    Model,

    /// <summary>A data set file, or the pointer (DVC, Git LFS) that stands for one.</summary>
    Dataset,

    /// <summary>A container image that a deployment configuration runs.</summary>
    ContainerImage,
}

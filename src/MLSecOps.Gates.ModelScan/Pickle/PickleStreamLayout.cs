namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>What surrounds the pickle streams of a file or member.</summary>
internal enum PickleStreamLayout
{
    /// <summary>One or more pickles back to back (legacy <c>torch.save</c> files are recognised by their magic number).</summary>
    Plain,

    /// <summary>The <c>storages</c> member of a legacy PyTorch tar: a count, then (key, location, type) pickles each followed by raw storage bytes, then a views pickle.</summary>
    TorchTarStorages,

    /// <summary>The <c>tensors</c> member of a legacy PyTorch tar: a count, then (key, storage id, type) pickles each followed by raw sizes and strides.</summary>
    TorchTarTensors,
}

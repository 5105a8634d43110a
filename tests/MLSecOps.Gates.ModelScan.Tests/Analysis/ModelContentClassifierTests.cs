using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Tests.Analysis;

/// <summary>Classification: pickles of every protocol are recognised by the opcode reader, ordinary text is not.</summary>
public class ModelContentClassifierTests
{
    [TestCase("cos\nsystem\n(S'echo'\ntR.")]
    [TestCase("(S'print(1)'\ni__builtin__\nexec\n.")]
    [TestCase("\u0080\u0002N.")]
    [TestCase("\u0080\u0005\u0095\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000N.")]
    [TestCase("]q\u0000(K\u0001K\u0002e.")]
    [TestCase("cos\nsystem\n(S'echo pwned'\ntR\u0099\u0099")]
    public void Classify_PickleHeads_ArePickle(string head)
    {
        Assert.That(ModelContentClassifier.Classify(Encoding.Latin1.GetBytes(head), "data"), Is.EqualTo(ModelContentKind.Pickle));
    }

    [TestCase("(c) 2024 Example Corp\nAll rights reserved.\n")]
    [TestCase("import os\nprint(os.getcwd())\n")]
    [TestCase("Name,Score\nalice,1\n")]
    [TestCase("N/A\n")]
    [TestCase("{\"model_type\": \"bert\"}")]
    [TestCase("Not a pickle.")]
    [TestCase("I am a README.\n")]
    [TestCase("((((((((((")]
    [TestCase("S'unterminated")]
    [TestCase("")]
    public void Classify_OrdinaryText_IsNotPickle(string head)
    {
        Assert.That(ModelContentClassifier.Classify(Encoding.Latin1.GetBytes(head), "notes.txt"), Is.AnyOf(ModelContentKind.Text, ModelContentKind.Empty));
    }

    [TestCase(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0 }, "x", ModelContentKind.Zip)]
    [TestCase(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0 }, "x", ModelContentKind.Numpy)]
    [TestCase(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4 }, "x", ModelContentKind.SevenZip)]
    [TestCase(new byte[] { 0x78, 0x9C, 1, 2 }, "model.joblib", ModelContentKind.Unknown)]
    [TestCase(new byte[] { 0x47, 0x47, 0x55, 0x46, 3, 0 }, "x", ModelContentKind.Gguf)]
    [TestCase(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D }, "x", ModelContentKind.Safetensors)]
    public void Classify_Magic_IdentifiesKind(byte[] head, string name, object expected)
    {
        Assert.That(ModelContentClassifier.Classify(head, name), Is.EqualTo(expected));
    }

    [Test]
    public void Classify_ExecutableHeaderWithLzmaLikeBytes_IsNotLzma()
    {
        // Given an Actually Portable Executable head (llamafile): 'M' passes as LZMA properties, the rest is no LZMA dictionary
        var head = Encoding.Latin1.GetBytes("MZqFpD='\n\n\u0000\u0010\u0000\u00f8\u0000'\n").Concat(new byte[400]).ToArray();

        // When it is classified, Then it is not taken for compressed data
        Assert.That(ModelContentClassifier.Classify(head, "safe.llamafile"), Is.Not.EqualTo(ModelContentKind.Lzma));
    }

    [TestCase("K\u0005K\u0006.", false)]
    [TestCase("cos\nsystem\n.", true)]
    [TestCase("\u0080\u0002K\u0001.", true)]
    public void IsPickle_LiteralInsideAPickle_CountsOnlyWhenItReachesCode(string bytes, bool expected)
    {
        // Given a few bytes of a literal that parse as a pickle, When checked as a nested pickle
        // Then only a stream that names a global or declares a protocol counts
        Assert.That(MLSecOps.Gates.ModelScan.Pickle.PickleSignature.IsPickle(Encoding.Latin1.GetBytes(bytes), reachesCode: true), Is.EqualTo(expected));
    }
}

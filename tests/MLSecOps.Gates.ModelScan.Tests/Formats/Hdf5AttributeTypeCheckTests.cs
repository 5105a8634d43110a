using MLSecOps.Gates.ModelScan.Formats.Keras;
using MLSecOps.TestKit;
using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

/// <summary>The pre-pass that keeps hostile HDF5 datatypes away from PureHDF's recursive decoder (it is called directly, never PureHDF).</summary>
public sealed class Hdf5AttributeTypeCheckTests
{
    [TestCase("keras/dense.h5")]
    [TestCase("keras/lambda.h5")]
    [TestCase("keras/lambda-vlen.h5")]
    [TestCase("keras/tfop-write-file.h5")]
    public void Problem_FilesWrittenByH5py_HasNone(string fixture)
    {
        Assert.That(Hdf5AttributeTypeCheck.Problem(Path.Combine(FormatScan.Root, fixture)), Is.Null);
    }

    [Test]
    public void Problem_TwentyThousandNestedVariableLengthTypes_IsReportedWithoutDecoding()
    {
        var problem = Hdf5AttributeTypeCheck.Problem(FixturePaths.Of("model-scan/hostile/deep-vlen.h5"));

        Assert.That(problem, Is.EqualTo("the 'model_config' attribute's datatype runs past its declared size"));
    }

    [Test]
    public void Problem_DeclaredSizeLargeEnoughButNestedTooDeep_IsReported()
    {
        // Given a datatype of 40 nested variable-length types that fits the message it declares
        var bytes = File.ReadAllBytes(Path.Combine(FormatScan.Root, "keras/lambda-vlen.h5"));
        using var dir = new TempDirectory();
        var nested = Enumerable.Range(0, 40).SelectMany(_ => new byte[] { 0x19, 0, 0, 0, 16, 0, 0, 0 }).ToArray();
        var attribute = BuildAttributeMessage("model_config", [.. nested, 0x10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 8, 0]);
        // lambda-vlen.h5's root header continues at 0x320 (length at 0x80), after a 0x18-byte symbol table message.
        attribute.CopyTo(bytes, 0x338);
        BitConverter.GetBytes((long)(0x18 + attribute.Length)).CopyTo(bytes, 0x80);
        var path = dir.Write("deep.h5", bytes.Take(0x338 + attribute.Length).Concat(new byte[4096]).ToArray());

        // When
        var problem = Hdf5AttributeTypeCheck.Problem(path);

        // Then
        Assert.That(problem, Is.EqualTo($"the 'model_config' attribute's datatype nests deeper than {Hdf5AttributeTypeCheck.MaxTypeDepth} levels"));
    }

    [Test]
    public void Problem_TruncatedFile_IsReported()
    {
        var bytes = File.ReadAllBytes(Path.Combine(FormatScan.Root, "keras/dense.h5"));
        using var dir = new TempDirectory();
        var path = dir.Write("cut.h5", bytes[..0x70]);

        Assert.That(Hdf5AttributeTypeCheck.Problem(path), Is.EqualTo("an HDF5 object header points past the end of the file"));
    }

    private static byte[] BuildAttributeMessage(string name, byte[] datatype)
    {
        // Object header v1 message (type 0x000C) holding an attribute message v1: padded name, datatype, scalar dataspace.
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        var paddedName = (nameBytes.Length + 7) / 8 * 8;
        var paddedType = (datatype.Length + 7) / 8 * 8;
        var dataspace = new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 };
        var body = new byte[8 + paddedName + paddedType + dataspace.Length + 8];
        body[0] = 1;
        BitConverter.GetBytes((ushort)nameBytes.Length).CopyTo(body, 2);
        BitConverter.GetBytes((ushort)datatype.Length).CopyTo(body, 4);
        BitConverter.GetBytes((ushort)dataspace.Length).CopyTo(body, 6);
        nameBytes.CopyTo(body, 8);
        datatype.CopyTo(body, 8 + paddedName);
        dataspace.CopyTo(body, 8 + paddedName + paddedType);
        var message = new byte[8 + body.Length];
        BitConverter.GetBytes((ushort)0x000C).CopyTo(message, 0);
        BitConverter.GetBytes((ushort)body.Length).CopyTo(message, 2);
        body.CopyTo(message, 8);
        return message;
    }
}

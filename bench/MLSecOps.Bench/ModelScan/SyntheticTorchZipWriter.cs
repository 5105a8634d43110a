using System.Buffers.Binary;
using System.Text;

namespace MLSecOps.Bench.ModelScan;

/// <summary>
/// Writes a PyTorch-layout ZIP checkpoint (stored members: <c>archive/data.pkl</c>, <c>archive/data/N</c> tensor blobs,
/// <c>archive/version</c>) streaming; tensor bytes are skipped with a seek, so the file is sparse. CRCs are left zero
/// (torch and the scanner ignore them).
/// </summary>
internal static class SyntheticTorchZipWriter
{
    /// <summary>Writes <paramref name="tensors"/> tensors of <paramref name="tensorBytes"/> bytes each to <paramref name="path"/>.</summary>
    public static void Write(string path, int tensors, long tensorBytes)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        var central = new MemoryStream();
        var entries = 0;
        AddMember(file, central, "archive/data.pkl", StateDict(tensors, tensorBytes / 4), ref entries);
        for (var i = 0; i < tensors; i++)
        {
            AddMember(file, central, $"archive/data/{i}", null, ref entries, tensorBytes);
        }

        AddMember(file, central, "archive/version", "3\n"u8.ToArray(), ref entries);
        var directoryOffset = file.Position;
        central.Position = 0;
        central.CopyTo(file);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryOffset);
        file.Write(end);
    }

    private static void AddMember(FileStream file, MemoryStream central, string name, byte[]? data, ref int entries, long sparseLength = 0)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var length = data?.LongLength ?? sparseLength;
        var offset = file.Position;
        Span<byte> local = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(local[4..], 20);
        BinaryPrimitives.WriteUInt32LittleEndian(local[18..], (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(local[22..], (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(local[26..], (ushort)nameBytes.Length);
        file.Write(local);
        file.Write(nameBytes);
        if (data is not null)
        {
            file.Write(data);
        }
        else
        {
            file.Seek(length, SeekOrigin.Current);
            file.SetLength(file.Position);
        }

        Span<byte> header = stackalloc byte[46];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 20);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[42..], (uint)offset);
        central.Write(header);
        central.Write(nameBytes);
        entries++;
    }

    /// <summary>An OrderedDict of tensors rebuilt with torch._utils._rebuild_tensor_v2 from persistent storages.</summary>
    private static byte[] StateDict(int tensors, long elements)
    {
        var p = new MemoryStream();
        p.Write([0x80, 0x02]);
        Global(p, "collections", "OrderedDict");
        p.Write(")R("u8);
        for (var i = 0; i < tensors; i++)
        {
            Unicode(p, $"layer{i}.weight");
            Global(p, "torch._utils", "_rebuild_tensor_v2");
            p.WriteByte((byte)'(');
            p.WriteByte((byte)'(');
            Unicode(p, "storage");
            Global(p, "torch", "FloatStorage");
            Unicode(p, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Unicode(p, "cpu");
            p.WriteByte((byte)'J');
            p.Write(BitConverter.GetBytes((int)Math.Min(elements, int.MaxValue)));
            p.Write([(byte)'t', (byte)'Q', (byte)'K', 0x00, (byte)'(']);
            p.WriteByte((byte)'J');
            p.Write(BitConverter.GetBytes((int)Math.Min(elements, int.MaxValue)));
            p.Write([(byte)'t', (byte)'K', 0x01, 0x85, 0x89]);
            Global(p, "collections", "OrderedDict");
            p.Write(")RtR"u8);
        }

        p.Write("u."u8);
        return p.ToArray();
    }

    private static void Global(Stream p, string module, string name) => p.Write(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));

    private static void Unicode(Stream p, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        p.WriteByte((byte)'X');
        p.Write(BitConverter.GetBytes(bytes.Length));
        p.Write(bytes);
    }
}

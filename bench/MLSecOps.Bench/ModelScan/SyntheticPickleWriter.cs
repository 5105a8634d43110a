using System.Buffers.Binary;
using System.Text;

namespace MLSecOps.Bench.ModelScan;

/// <summary>Writes a protocol-4 pickle of many small dicts straight as opcodes, streaming, framed like <c>pickle.dump</c>.</summary>
internal static class SyntheticPickleWriter
{
    private const int FrameTarget = 64 * 1024;
    private const int Batch = 1000;

    /// <summary>Writes a list of <paramref name="count"/> dicts {id, name, label, score} to <paramref name="output"/>.</summary>
    public static void Write(Stream output, int count)
    {
        var frame = new MemoryStream(FrameTarget * 2);
        output.Write([0x80, 0x04]);
        frame.WriteByte((byte)']');
        frame.WriteByte(0x94);
        var memo = 1;
        int? idKey = null, nameKey = null, labelKey = null, scoreKey = null;
        for (var start = 0; start < count; start += Batch)
        {
            frame.WriteByte((byte)'(');
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                frame.WriteByte((byte)'}');
                frame.WriteByte(0x94);
                memo++;
                frame.WriteByte((byte)'(');
                Key(frame, "id", ref idKey, ref memo);
                frame.WriteByte((byte)'J');
                WriteInt32(frame, i);
                Key(frame, "name", ref nameKey, ref memo);
                Text(frame, "name-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ref memo);
                Key(frame, "label", ref labelKey, ref memo);
                Text(frame, "class-" + (i % 97).ToString(System.Globalization.CultureInfo.InvariantCulture), ref memo);
                Key(frame, "score", ref scoreKey, ref memo);
                frame.WriteByte((byte)'G');
                WriteDouble(frame, i * 0.001);
                frame.WriteByte((byte)'u');
                if (frame.Length >= FrameTarget)
                {
                    Flush(output, frame);
                }
            }

            frame.WriteByte((byte)'e');
        }

        frame.WriteByte((byte)'.');
        Flush(output, frame);
    }

    private static void Key(MemoryStream frame, string key, ref int? slot, ref int memo)
    {
        if (slot is { } index)
        {
            Get(frame, index);
            return;
        }

        slot = memo;
        Text(frame, key, ref memo);
    }

    private static void Text(MemoryStream frame, string text, ref int memo)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        frame.WriteByte(0x8c);
        frame.WriteByte((byte)bytes.Length);
        frame.Write(bytes);
        frame.WriteByte(0x94);
        memo++;
    }

    private static void Get(MemoryStream frame, int index)
    {
        if (index < 256)
        {
            frame.WriteByte((byte)'h');
            frame.WriteByte((byte)index);
        }
        else
        {
            frame.WriteByte((byte)'j');
            WriteInt32(frame, index);
        }
    }

    private static void WriteDouble(Stream stream, double value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, value);
        stream.Write(b);
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        stream.Write(b);
    }

    private static void Flush(Stream output, MemoryStream frame)
    {
        Span<byte> header = stackalloc byte[9];
        header[0] = 0x95;
        BinaryPrimitives.WriteInt64LittleEndian(header[1..], frame.Length);
        output.Write(header);
        output.Write(frame.GetBuffer(), 0, (int)frame.Length);
        frame.SetLength(0);
    }
}

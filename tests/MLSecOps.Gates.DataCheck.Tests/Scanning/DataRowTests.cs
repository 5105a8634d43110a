using System.Text;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Tests.Scanning;

/// <summary>The row's own ASCII widening (Parquet values) against the UTF-8 decoder it stands in for.</summary>
public sealed class DataRowTests
{
    [Test]
    public void AppendUtf8Widened_AnyBytesAtEveryLength_GivesTheRowAppendUtf8Gives()
    {
        // Given ASCII values of every length around the 16- and 32-byte vectors, with a multi-byte character, an invalid byte, a
        // cut sequence or a tag character placed at every offset (so each vector and the scalar tail meet the first non-ASCII byte)
        var random = new Random(7);
        string[] tails = ["é", "€", "😀", "\U000E0041", "\uFFFD"];
        var inputs = new List<byte[]>();
        for (var length = 0; length <= 70; length++)
        {
            var ascii = Enumerable.Range(0, length).Select(_ => (byte)random.Next(0x20, 0x7F)).ToArray();
            inputs.Add(ascii);
            for (var at = 0; at < length; at++)
            {
                foreach (var insert in tails.Select(Encoding.UTF8.GetBytes).Append([0xFF]).Append([0xE2, 0x82]))
                {
                    inputs.Add([.. ascii[..at], .. insert, .. ascii[at..]]);
                }
            }
        }

        foreach (var input in inputs)
        {
            // When a row is built with each append, after a first field
            var expected = new DataRow();
            expected.BeginFields(1, 0);
            expected.AppendUtf8("first"u8);
            expected.AppendUtf8(input);
            var widened = new DataRow();
            widened.BeginFields(1, 0);
            widened.AppendUtf8Widened("first"u8);
            widened.AppendUtf8Widened(input);

            // Then text and fields are the same
            Assert.That(widened.Text.ToString(), Is.EqualTo(expected.Text.ToString()), Convert.ToHexString(input));
            Assert.That(widened.FieldStarts.ToArray(), Is.EqualTo(expected.FieldStarts.ToArray()));
            Assert.That(widened.FieldLengths.ToArray(), Is.EqualTo(expected.FieldLengths.ToArray()));
        }
    }
}

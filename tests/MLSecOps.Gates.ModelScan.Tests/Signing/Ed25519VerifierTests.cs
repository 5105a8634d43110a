using MLSecOps.Gates.ModelScan.Signing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MLSecOps.Gates.ModelScan.Tests.Signing;

/// <summary>The Ed25519 verifier against RFC 8032's test vectors and against signatures made by an independent implementation.</summary>
public sealed class Ed25519VerifierTests
{
    [TestCase("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [TestCase("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Verify_Rfc8032Vector_IsValidAndEveryBitFlipIsNot(string key, string message, string signature)
    {
        var (k, m, s) = (Convert.FromHexString(key), Convert.FromHexString(message), Convert.FromHexString(signature));

        Assert.That(Ed25519Verifier.Verify(k, m, s), Is.True);
        for (var bit = 0; bit < s.Length * 8; bit += 7)
        {
            var flipped = (byte[])s.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.That(Ed25519Verifier.Verify(k, m, flipped), Is.False, $"signature bit {bit}");
        }

        Assert.That(Ed25519Verifier.Verify(k, [.. m, 0], s), Is.False, "message changed");
    }

    [Test]
    public void Verify_SignaturesOfAnotherImplementation_AgreeWithIt()
    {
        var random = new SecureRandom();
        for (var i = 0; i < 20; i++)
        {
            var key = new Ed25519PrivateKeyParameters(random);
            var message = new byte[i * 13];
            random.NextBytes(message);
            var signer = new Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(message, 0, message.Length);
            var signature = signer.GenerateSignature();
            var publicKey = key.GeneratePublicKey().GetEncoded();

            Assert.That(Ed25519Verifier.Verify(publicKey, message, signature), Is.True);
            Assert.That(Ed25519Verifier.Verify(new Ed25519PrivateKeyParameters(random).GeneratePublicKey().GetEncoded(), message, signature), Is.False);
        }
    }

    [Test]
    public void Verify_MalformedInput_IsInvalid()
    {
        var key = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var signature = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        var sTooLarge = (byte[])signature.Clone();
        Array.Fill(sTooLarge, (byte)0xff, 32, 32);

        Assert.Multiple(() =>
        {
            Assert.That(Ed25519Verifier.Verify(key[..31], [], signature), Is.False, "short key");
            Assert.That(Ed25519Verifier.Verify(key, [], signature[..63]), Is.False, "short signature");
            Assert.That(Ed25519Verifier.Verify(key, [], sTooLarge), Is.False, "S not below the group order");
            Assert.That(Ed25519Verifier.Verify(Enumerable.Repeat((byte)0xff, 32).ToArray(), [], signature), Is.False, "y not below p");
        });
    }
}

using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT015: IP addresses in a data set.</summary>
internal static class IpAddress
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT015",
        "IP addresses in a data set",
        "A column or field holds IPv4 or IPv6 addresses. Public addresses are personal data under GDPR when they identify a device; private, loopback and documentation ranges (RFC 1918, RFC 5737, RFC 3849) are reported separately at info.",
        "Truncate or hash public addresses (for example keep the /24) before training.",
        Severity.Low,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "GDPR-Art4"],
        Precision.Medium,
        example: "A log-derived column `client_ip` holding `81.2.69.160` (a public IPv4 address).");


    /// <summary>Returns the entity name of an address: public addresses apart from private, loopback, link-local and documentation ranges.</summary>
    public static (string Entity, bool Public) Classify(System.Net.IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(b, out _);
            return (b[0], b[1], b[2]) switch
            {
                (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => ("IPv4 address (documentation range)", false),
                (10, _, _) or (192, 168, _) => ("IPv4 address (private range)", false),
                (172, >= 16 and <= 31, _) => ("IPv4 address (private range)", false),
                (127, _, _) or (0, _, _) or (169, 254, _) or (>= 224, _, _) => ("IPv4 address (loopback, link-local or reserved)", false),
                (100, >= 64 and <= 127, _) => ("IPv4 address (private range)", false),
                _ => ("IPv4 address (public)", true),
            };
        }

        address.TryWriteBytes(b, out _);
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return ("IPv6 address (documentation range)", false);
        }

        if (System.Net.IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC || b[..15].IndexOfAnyExcept((byte)0) < 0)
        {
            return ("IPv6 address (private, loopback or link-local)", false);
        }

        return ("IPv6 address (public)", true);
    }

    /// <summary>Masks an address to its network part (<c>203.0.113.*</c>, <c>2001:db8:*</c>).</summary>
    public static string Mask(ReadOnlySpan<char> text)
    {
        var dot = text.LastIndexOf('.');
        if (dot > 0 && !text.Contains(':'))
        {
            return $"{text[..dot]}.***";
        }

        var colon = text.IndexOf(':');
        return colon > 0 ? $"{text[..colon]}:****" : "****";
    }
}

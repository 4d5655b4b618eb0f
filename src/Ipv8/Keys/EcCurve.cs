using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;

namespace Ipv8.Keys;

/// <summary>A named elliptic curve as BouncyCastle knows it, with the sizes py-ipv8's EC keys depend on.</summary>
internal sealed class EcCurve
{
    private EcCurve(DerObjectIdentifier oid, X9ECParameters parameters)
    {
        Oid = oid;
        Domain = new ECNamedDomainParameters(oid, parameters);
        FieldBytes = (parameters.Curve.FieldSize + 7) / 8;
        OrderBits = parameters.N.BitLength;
    }

    /// <summary>Gets the curve's object identifier.</summary>
    internal DerObjectIdentifier Oid { get; }

    /// <summary>Gets the domain parameters (named, so encodings carry the OID).</summary>
    internal ECNamedDomainParameters Domain { get; }

    /// <summary>Gets ceil(field bits / 8): the width of each of r and s in a signature.</summary>
    internal int FieldBytes { get; }

    /// <summary>Gets the bit length of the group order.</summary>
    internal int OrderBits { get; }

    /// <summary>Gets the signature length: 2·<see cref="FieldBytes"/>.</summary>
    internal int SignatureLength => 2 * FieldBytes;

    /// <summary>Looks a curve up by OID (BouncyCastle's optimised implementation first). Never throws.</summary>
    internal static EcCurve? FromOid(DerObjectIdentifier oid)
    {
        try
        {
            var parameters = CustomNamedCurves.GetByOid(oid) ?? ECNamedCurveTable.GetByOid(oid);
            return parameters is null ? null : new EcCurve(oid, parameters);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Maps a py-ipv8 EC security level (§4.1) to its curve: very-low sect163k1, low sect233k1, medium
    /// sect409k1, high sect571k1 (current py-ipv8; older code used sect571r1). Null for any other name.
    /// </summary>
    internal static EcCurve? FromSecurityLevel(string level) => level switch
    {
        "very-low" => FromOid(SecObjectIdentifiers.SecT163k1),
        "low" => FromOid(SecObjectIdentifiers.SecT233k1),
        "medium" => FromOid(SecObjectIdentifiers.SecT409k1),
        "high" => FromOid(SecObjectIdentifiers.SecT571k1),
        _ => null,
    };
}

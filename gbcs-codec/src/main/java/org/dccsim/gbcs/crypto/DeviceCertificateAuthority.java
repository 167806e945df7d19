package org.dccsim.gbcs.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.dccsim.gbcs.Eui64;

/**
 * The simulation's device CA, standing in for SMKI's Device CA: its key is derived from the device secret a head-end
 * and its {@code dccsim devices} processes share, and it signs with RFC 6979 nonces, so every process that holds the
 * secret issues the same certificate bytes for the same device key. That is how a device can report (CS02e) the very
 * certificate the head-end's SMKI serves for it without the two ever exchanging it.
 */
public final class DeviceCertificateAuthority {
    private final TestCertificates.Issued ca;

    private DeviceCertificateAuthority(TestCertificates.Issued ca) {
        this.ca = ca;
    }

    /** The CA of everyone who shares {@code secret}. */
    public static DeviceCertificateAuthority fromSecret(String secret) {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(("dccsim-device-ca/" + secret).getBytes(StandardCharsets.UTF_8));
            return new DeviceCertificateAuthority(
                    TestCertificates.certificateAuthority("07", "ZD", TestCertificates.newKeyPair(seeded), BigInteger.ONE));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
        }
    }

    /** The CA's own certificate (to trust what it issues). */
    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** The device certificate for {@code key}; the serial depends on the device, the usage and the key. */
    public X509Certificate issue(Eui64 device, KeyUsage usage, EcKeys.PublicKey key) {
        return TestCertificates.issueDevice(device, CertificationRequests.bits(usage), serial(device, usage, key),
                SmkiCertificates.toJca(key), ca);
    }

    /** As {@link #issue}, DER encoded. */
    public byte[] issueEncoded(Eui64 device, KeyUsage usage, EcKeys.PublicKey key) {
        return encoded(issue(device, usage, key));
    }

    /**
     * A certificate for what a device asked for in a CS02c certification request.
     *
     * @throws KeyStoreException when the request does not hold up (see {@link CertificationRequests#parse})
     */
    public X509Certificate issue(byte[] certificationRequest) {
        CertificationRequests.Request r = CertificationRequests.parse(certificationRequest);
        return issue(r.device(), r.usage(), r.key());
    }

    /** 63 bits of SHA-256 over the device, the usage and the key: stable across restarts, new with every new key. */
    static BigInteger serial(Eui64 device, KeyUsage usage, EcKeys.PublicKey key) {
        byte[] label = ("dccsim-device-certificate/" + device + "/" + usage + "/").getBytes(StandardCharsets.US_ASCII);
        byte[] k = key.encoded();
        byte[] all = java.util.Arrays.copyOf(label, label.length + k.length);
        System.arraycopy(k, 0, all, label.length, k.length);
        byte[] digest = Ecdsa.sha256(all, 0, all.length);
        digest[0] &= 0x7F;
        return new BigInteger(1, java.util.Arrays.copyOf(digest, 8));
    }

    public static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new KeyStoreException("unreadable certificate");
        }
    }
}

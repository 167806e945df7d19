package org.dccsim.headend.smki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.crypto.DeviceCertificateAuthority;

/**
 * The certificates the head-end's SMKI serves (DUIS-NOTES, SMKI): organisations' (XML signing, the DSP's, and their
 * GBCS DS and KA certificates where the head-end has them) and every device's DS and KA certificate. Device
 * certificates are issued on demand by the head-end's device CA for the keys the devices sign and agree keys with,
 * and kept: a million-device fleet costs nothing until someone asks. The device CA's key is derived from the device
 * secret ({@link DeviceCertificateAuthority}), so the same head-end configuration issues the same certificates after a
 * restart, and the devices, which share the secret, report the same ones (CS02e).
 */
public final class SmkiDirectory {
    /** CertificateUsage. */
    public enum Usage {
        DS, KA
    }

    /** One certificate as SMKI describes it; {@code role} null for a device certificate. */
    public record Entry(BigInteger serial, Eui64 eui, boolean device, Usage usage, Integer role, X509Certificate certificate) {
    }

    private final Map<BigInteger, Entry> bySerial = new ConcurrentHashMap<>();
    private final Map<Eui64, List<Entry>> organisations = new ConcurrentHashMap<>();
    private final Map<Eui64, List<Entry>> devices = new ConcurrentHashMap<>();
    private final GbcsKeyStore keys;
    private final Predicate<Eui64> isDevice;
    private final DeviceCertificateAuthority deviceCa;

    /**
     * @param keys     where devices' public keys come from (the head-end's key store)
     * @param isDevice which EUIs are devices the head-end knows (its inventory)
     * @param secret   the head-end's device secret, from which the device CA's key is derived
     */
    public SmkiDirectory(GbcsKeyStore keys, Predicate<Eui64> isDevice, String secret) {
        this.keys = keys;
        this.isDevice = isDevice;
        this.deviceCa = DeviceCertificateAuthority.fromSecret(secret);
    }

    /** The CA that issues device certificates (to trust them). */
    public X509Certificate deviceCa() {
        return deviceCa.certificate();
    }

    /**
     * Issues a device certificate for a device's certification request (its CS02c answer to 6.17, checked by
     * {@link org.dccsim.gbcs.crypto.CertificationRequests#parse}), as SMKI's Device CA would, for a device the head-end
     * knows. It is not kept: SMKI serves it once
     * the device confirms 6.15.2 placed it ({@link #placed}), so requests nobody places cost nothing.
     *
     * @return the certificate, or empty when the request names a device the head-end does not know
     */
    public Optional<Entry> issue(org.dccsim.gbcs.crypto.CertificationRequests.Request r) {
        if (!isDevice.test(r.device())) {
            return Optional.empty();
        }
        X509Certificate c = deviceCa.issue(r.device(), r.usage(), r.key());
        return Optional.of(new Entry(c.getSerialNumber(), r.device(), true,
                r.usage() == org.dccsim.gbcs.crypto.KeyUsage.DS ? Usage.DS : Usage.KA, null, c));
    }

    /**
     * A device placed a new certificate (6.15.2 answered with success): it replaces the one of its usage in what the
     * device's search returns; the old one stays retrievable by serial, as SMKI keeps superseded certificates.
     */
    public void placed(Eui64 device, X509Certificate certificate) {
        boolean[] ku = certificate.getKeyUsage();
        Usage u = ku != null && ku.length > 4 && ku[4] ? Usage.KA : Usage.DS;
        Entry e = new Entry(certificate.getSerialNumber(), device, true, u, null, certificate);
        bySerial.put(e.serial(), e);
        List<Entry> now = new ArrayList<>(device(device));
        now.removeIf(x -> x.usage() == u);
        now.add(e);
        devices.put(device, List.copyOf(now));
    }

    /** Adds an organisation certificate: its EUI and role from the subject, its usage from the key usage. */
    public SmkiDirectory addOrganisation(X509Certificate c) {
        X500Name subject = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        Integer role = null;
        for (RDN rdn : subject.getRDNs(BCStyle.OU)) {
            String ou = IETFUtils.valueToString(rdn.getFirst().getValue());
            if (ou.matches("[0-9A-Fa-f]{2}")) {
                role = Integer.parseInt(ou, 16);
            }
        }
        Eui64 eui = SmkiCertificates.parse(encoded(c)).party();
        boolean[] usage = c.getKeyUsage();
        Usage u = usage != null && usage.length > 4 && usage[4] ? Usage.KA : Usage.DS;
        Entry e = new Entry(c.getSerialNumber(), eui, false, u, role, c);
        if (bySerial.putIfAbsent(e.serial(), e) == null) {
            organisations.computeIfAbsent(eui, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(e);
        }
        return this;
    }

    public List<Entry> organisation(Eui64 eui) {
        return List.copyOf(organisations.getOrDefault(eui, List.of()));
    }

    /** A device's DS and KA certificates (those of its keys the head-end knows), issued on first request. */
    public List<Entry> device(Eui64 eui) {
        if (!isDevice.test(eui)) {
            return List.of();
        }
        return devices.computeIfAbsent(eui, d -> {
            List<Entry> out = new ArrayList<>(2);
            for (Usage u : Usage.values()) {
                Optional<EcKeys.PublicKey> key = keys.publicKey(d, u == Usage.DS ? org.dccsim.gbcs.crypto.KeyUsage.DS
                        : org.dccsim.gbcs.crypto.KeyUsage.KA);
                if (key.isEmpty()) {
                    continue;
                }
                X509Certificate c = deviceCa.issue(d, u == Usage.DS ? org.dccsim.gbcs.crypto.KeyUsage.DS
                        : org.dccsim.gbcs.crypto.KeyUsage.KA, key.get());
                BigInteger serial = c.getSerialNumber();
                Entry e = new Entry(serial, d, true, u, null, c);
                bySerial.put(serial, e);
                out.add(e);
            }
            return List.copyOf(out);
        });
    }

    /** A certificate by serial: an organisation's, or a device's already issued. */
    public Optional<Entry> retrieve(BigInteger serial) {
        return Optional.ofNullable(bySerial.get(serial));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("unreadable certificate", e);
        }
    }
}

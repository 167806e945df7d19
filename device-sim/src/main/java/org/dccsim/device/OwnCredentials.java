package org.dccsim.device;

import java.security.SecureRandom;
import java.util.Arrays;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.CertificationRequests;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.PemFiles;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;

/**
 * A device's own digital signing credentials (GBCS 13.4-13.6): the key pair it made for CS02c and has not yet had a
 * certificate placed for, and the certificate CS02d placed with the key it now signs with. Made only for a device that
 * is re-keyed, so a fleet of a million costs one null field each.
 *
 * <p>Decisions, where GBCS's text is not in the material we have: a device re-keys and reports only its signing
 * (DS) credentials and answers {@link DeviceSecurityCredentials#RESULT_REFUSED} to Key Agreement requests, as the RTDS's
 * ESME does (its CS02c and CS02e error cases are Key Agreement requests); its key agreement key stays the one it was
 * made with. A certificate is placed only if it names this device, is for digitalSignature alone and carries the
 * public key of the pending key pair; the device does not check who issued it (it holds no SMKI Device CA). The answer
 * to CS02d is signed with the key in force when the command arrived, so whoever sent it can check it with the
 * certificate it has, and the new key signs everything after it. The device signs with its own key directly rather
 * than through the shared key store: a head-end in the same process learns of the new key only from the answer, as a
 * remote one does.
 */
final class OwnCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EcKeys.KeyPair pending;
    private EcKeys.KeyPair active;
    private byte[] certificate;

    /**
     * What a command does: the answer, and, for a certificate placed, the key and certificate to use once the answer
     * has been signed with the old key ({@link #activate}).
     */
    record Outcome(byte[] answer, EcKeys.KeyPair activate, byte[] certificate) {
    }

    /** CS02c: a new key pair for the usage and the certification request for it. */
    Outcome issue(Eui64 device, byte[] content) throws GbcsDecodeException {
        KeyUsage usage = DeviceSecurityCredentials.decodeUsage(content);
        if (usage != KeyUsage.DS) {
            return refused();
        }
        pending = EcKeys.generate(RANDOM);
        return new Outcome(CertificationRequests.build(device, usage, pending), null, null);
    }

    /** CS02d: places the certificate for the pending key pair, which becomes the signing key after the answer. */
    Outcome place(Eui64 device, byte[] content) throws GbcsDecodeException {
        byte[] cert = DeviceSecurityCredentials.requireSequence(content);
        SmkiCertificates.Parsed parsed;
        try {
            parsed = SmkiCertificates.parse(cert);
        } catch (KeyStoreException e) {
            return refused();
        }
        if (pending == null || !parsed.party().equals(device) || !parsed.digitalSignature() || parsed.keyAgreement()
                || !Arrays.equals(parsed.key().encoded(), pending.publicKey().encoded())) {
            return refused();
        }
        EcKeys.KeyPair now = pending;
        pending = null;
        return new Outcome(DeviceSecurityCredentials.encodeResult(DeviceSecurityCredentials.RESULT_SUCCESS), now, cert);
    }

    /** From now on the device signs with the key CS02d placed a certificate for. */
    void activate(Outcome placed) {
        active = placed.activate();
        certificate = placed.certificate().clone();
    }

    /** CS02e: the certificate placed, else the one the simulation's device CA issues for the device's key. */
    static Outcome report(OwnCredentials own, Eui64 device, GbcsSecurity security, byte[] content) throws GbcsDecodeException {
        KeyUsage usage = DeviceSecurityCredentials.decodeUsage(content);
        if (usage != KeyUsage.DS) {
            return refused();
        }
        if (own != null && own.certificate != null) {
            return new Outcome(own.certificate.clone(), null, null);
        }
        return security.deviceCertificate(device, usage).map(c -> new Outcome(c, null, null)).orElseGet(OwnCredentials::refused);
    }

    private static Outcome refused() {
        return new Outcome(DeviceSecurityCredentials.encodeResult(DeviceSecurityCredentials.RESULT_REFUSED), null, null);
    }

    /**
     * The signing key and certificate placed, and the key made for a certificate not yet placed, for the device's saved
     * state (a restart between 6.17 and 6.15.2 keeps the pending key); null when there is neither.
     */
    DeviceState.OwnKey saved() {
        if (active == null && pending == null) {
            return null;
        }
        return new DeviceState.OwnKey(active == null ? null : Hex.encode(PemFiles.privateKeyInfo(active.privateKey())),
                active == null ? null : Hex.encode(certificate),
                pending == null ? null : Hex.encode(PemFiles.privateKeyInfo(pending.privateKey())));
    }

    /** Puts back saved keys and certificate. */
    static OwnCredentials restored(DeviceState.OwnKey saved) {
        OwnCredentials o = new OwnCredentials();
        if (saved.privateKey() != null && saved.certificate() != null) {
            EcKeys.PrivateKey key = PemFiles.privateKeyFromInfo(Hex.of(saved.privateKey()));
            o.active = new EcKeys.KeyPair(key.publicKey(), key);
            o.certificate = Hex.of(saved.certificate());
        }
        if (saved.pendingPrivateKey() != null) {
            EcKeys.PrivateKey key = PemFiles.privateKeyFromInfo(Hex.of(saved.pendingPrivateKey()));
            o.pending = new EcKeys.KeyPair(key.publicKey(), key);
        }
        return o;
    }

    /** The signing key in force when the device was re-keyed; null until a certificate was placed. */
    EcKeys.PrivateKey signingKey() {
        return active == null ? null : active.privateKey();
    }
}

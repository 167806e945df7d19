package org.dccsim.gbcs.crypto;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.FrameLayout;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;

/**
 * GBCS message protection over a key store: MACs, signatures and payload encryption, with ECDH shared secrets
 * cached per pair of parties (the secret between two static keys never changes, and the point multiplication
 * is by far the dearest step of a MAC). Thread-safe.
 *
 * <p>Who holds which key (GBCS 4.3; RTDS-verified): a command's MAC is computed by the Access Control Broker
 * with the recipient device; a response's or alert's MAC by the device with the message's recipient. Either
 * side of a pair can compute the secret, so whichever private key this store holds is used.
 */
public final class GbcsSecurity {
    /** The Access Control Broker of the RTDS and DCC Boxed. */
    public static final Eui64 RTDS_ACB = Eui64.parse("90B3D51F30000002");

    private record Pair(long a, long b) {
        static Pair of(Eui64 x, Eui64 y) {
            return Long.compareUnsigned(x.value(), y.value()) <= 0 ? new Pair(x.value(), y.value()) : new Pair(y.value(), x.value());
        }
    }

    private final ReplacedKeys keys;
    /** Signing keys parties may have switched to (a device placing a new certificate), by EUI. */
    private final ConcurrentHashMap<Long, java.util.List<EcKeys.PublicKey>> expected;
    private volatile java.util.function.BiConsumer<Eui64, EcKeys.PublicKey> keyConfirmed = (p, k) -> { };
    private final Eui64 acb;
    private final ConcurrentHashMap<Pair, byte[]> secrets = new ConcurrentHashMap<>();
    private final boolean deterministic;
    /** The simulation's device CA, where this security has one (devices report certificates it issued, CS02e). */
    private final DeviceCertificateAuthority deviceCa;

    public GbcsSecurity(GbcsKeyStore keys) {
        this(keys, RTDS_ACB);
    }

    public GbcsSecurity(GbcsKeyStore keys, Eui64 accessControlBroker) {
        this(keys, accessControlBroker, false, null);
    }

    private GbcsSecurity(GbcsKeyStore keys, Eui64 accessControlBroker, boolean deterministic, DeviceCertificateAuthority ca) {
        this(keys, accessControlBroker, deterministic, ca, new ConcurrentHashMap<>());
    }

    private GbcsSecurity(GbcsKeyStore keys, Eui64 accessControlBroker, boolean deterministic, DeviceCertificateAuthority ca,
            ConcurrentHashMap<Long, java.util.List<EcKeys.PublicKey>> expected) {
        this.expected = expected;
        this.keys = keys instanceof ReplacedKeys r ? r : new ReplacedKeys(keys);
        this.acb = accessControlBroker;
        this.deterministic = deterministic;
        this.deviceCa = ca;
    }

    /** The same keys, with the device CA whose certificates the devices report for their own keys (CS02e). */
    public GbcsSecurity withDeviceCertificates(DeviceCertificateAuthority ca) {
        return new GbcsSecurity(keys, acb, deterministic, java.util.Objects.requireNonNull(ca), expected);
    }

    /**
     * A device's certificate for its current key of {@code usage}, from the device CA: the one the head-end's SMKI serves
     * for the same key. Empty without a device CA or a key.
     */
    public Optional<byte[]> deviceCertificate(Eui64 device, KeyUsage usage) {
        if (deviceCa == null) {
            return Optional.empty();
        }
        return keys.publicKey(device, usage).map(k -> deviceCa.issueEncoded(device, usage, k));
    }

    /**
     * The same keys, signing with RFC 6979 nonces whatever the {@link CryptoEngine}: for golden vectors and
     * tests that compare signed bytes. Simulations keep the engine's own (faster, randomised) signing.
     */
    public GbcsSecurity withDeterministicSignatures() {
        return new GbcsSecurity(keys, acb, true, deviceCa, expected);
    }

    public GbcsKeyStore keyStore() {
        return keys;
    }

    public Eui64 accessControlBroker() {
        return acb;
    }

    /** The ECDH secret of two parties' KA keys, from whichever private key is held; empty if neither is. */
    public Optional<byte[]> sharedSecret(Eui64 x, Eui64 y) {
        Pair pair = Pair.of(x, y);
        byte[] z = secrets.get(pair);
        if (z == null) {
            z = compute(x, y);
            if (z == null) {
                // Not remembered: keys may arrive later (a CS02 credential update, say).
                return Optional.empty();
            }
            secrets.putIfAbsent(pair, z);
        }
        return Optional.of(z);
    }

    private byte[] compute(Eui64 x, Eui64 y) {
        Optional<EcKeys.PrivateKey> px = keys.privateKey(x, KeyUsage.KA);
        Optional<EcKeys.PublicKey> qy = keys.publicKey(y, KeyUsage.KA);
        if (px.isPresent() && qy.isPresent()) {
            return Ecdh.sharedSecret(px.get(), qy.get());
        }
        Optional<EcKeys.PrivateKey> py = keys.privateKey(y, KeyUsage.KA);
        Optional<EcKeys.PublicKey> qx = keys.publicKey(x, KeyUsage.KA);
        if (py.isPresent() && qx.isPresent()) {
            return Ecdh.sharedSecret(py.get(), qx.get());
        }
        return null;
    }

    /**
     * Replaces a party's key from now on, for this security and every one {@link #withDeterministicSignatures} made
     * from it: a device's own new key pair once its new certificate is placed (CS02d), or the new public key a device
     * confirmed (privateKey null). Secrets derived from the old key are forgotten.
     */
    public void replaceKey(Eui64 party, KeyUsage usage, EcKeys.PublicKey publicKey, EcKeys.PrivateKey privateKey) {
        keys.replace(party, usage, publicKey, privateKey);
        forget(party);
    }

    /**
     * A signing key {@code party} may have switched to: a device whose new certificate a 6.15.2 is placing (GBCS 13.5).
     * A frame from the device itself that its current key refuses is checked with it too
     * ({@link #verifySignatureFollowingKeyChange}), and if it verifies the device has switched: the key becomes the
     * party's ({@link #replaceKey}) and {@link #onKeyConfirmed} hears of it. So a head-end that missed the device's
     * confirmation (an answer after its deadline, a restart) still follows the device.
     */
    public void expectSigningKey(Eui64 party, EcKeys.PublicKey candidate) {
        expected.compute(party.value(), (p, keys) -> {
            java.util.List<EcKeys.PublicKey> out = keys == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(keys);
            out.removeIf(k -> java.util.Arrays.equals(k.encoded(), candidate.encoded()));
            out.add(candidate);
            return java.util.List.copyOf(out);
        });
    }

    /** No longer expects {@code candidate} for {@code party} (its placement refused). */
    public void dropExpectedSigningKey(Eui64 party, EcKeys.PublicKey candidate) {
        expected.computeIfPresent(party.value(), (p, keys) -> {
            java.util.List<EcKeys.PublicKey> out = new java.util.ArrayList<>(keys);
            out.removeIf(k -> java.util.Arrays.equals(k.encoded(), candidate.encoded()));
            return out.isEmpty() ? null : java.util.List.copyOf(out);
        });
    }

    /** The signing keys {@code party} may have switched to (several 6.15.2s may be in flight). */
    public java.util.List<EcKeys.PublicKey> expectedSigningKeys(Eui64 party) {
        return expected.getOrDefault(party.value(), java.util.List.of());
    }

    /**
     * Makes {@code key}, one of the keys expected for {@code party}, its own, once its use is proven; false if it was
     * not expected. The other expectations for the party end with it.
     */
    public boolean confirmSigningKey(Eui64 party, EcKeys.PublicKey key) {
        boolean[] was = {false};
        expected.computeIfPresent(party.value(), (p, keys) -> {
            was[0] = keys.stream().anyMatch(k -> java.util.Arrays.equals(k.encoded(), key.encoded()));
            return was[0] ? null : keys;
        });
        if (!was[0]) {
            return false;
        }
        replaceKey(party, KeyUsage.DS, key, null);
        keyConfirmed.accept(party, key);
        return true;
    }

    /**
     * As {@link #verifySignature(byte[], GbcsMessage)}, and where the signer's current key refuses the signature but a
     * key expected for it ({@link #expectSigningKey}) verifies it, that key becomes the signer's. Only for messages that
     * came from the signer itself (a device's frames on its own WAN route), never for messages a user hands in.
     */
    public Check verifySignatureFollowingKeyChange(byte[] wire, GbcsMessage message) {
        Eui64 signer = message.apdu().originator();
        Check c = verifySignature(wire, message, signer);
        if (c != Check.VALID) {
            for (EcKeys.PublicKey next : expectedSigningKeys(signer)) {
                if (verifySignature(wire, message, next) == Check.VALID && confirmSigningKey(signer, next)) {
                    return Check.VALID;
                }
            }
        }
        return c;
    }

    /** Told of every expected signing key a party proved it switched to ({@link #expectSigningKey}). */
    public void onKeyConfirmed(java.util.function.BiConsumer<Eui64, EcKeys.PublicKey> listener) {
        this.keyConfirmed = java.util.Objects.requireNonNull(listener);
    }

    /** Forgets cached secrets involving this party, after its keys change. */
    public void forget(Eui64 party) {
        secrets.keySet().removeIf(p -> p.a() == party.value() || p.b() == party.value());
    }

    /**
     * The party whose KA key, with the recipient's, protects this APDU's MAC: the ACB for commands from remote
     * parties, otherwise the originator. The PPMID-to-GSME HAN commands (PCS01 0x009B, PCS02 0x0090) are MACed
     * device to device, not by the ACB.
     */
    public Eui64 macPeer(GeneralSigningApdu apdu) {
        boolean deviceToDevice = apdu.messageCode() == 0x009B || apdu.messageCode() == 0x0090;
        return apdu.cra() == CraFlag.COMMAND && !deviceToDevice ? acb : apdu.originator();
    }

    private Optional<byte[]> macKey(GeneralSigningApdu apdu) {
        return sharedSecret(macPeer(apdu), apdu.recipient()).map(z -> GbcsKdf.deriveKey(z, apdu.originator(),
                apdu.cra().code(), apdu.originatorCounter(), apdu.recipient()));
    }

    /** Wraps an APDU in a MAC header with a fresh MAC. */
    public GbcsMessage.WithMacHeader addMac(GeneralSigningApdu apdu) {
        byte[] key = macKey(apdu).orElseThrow(() -> new KeyStoreException(
                "no KA key pair to MAC a message between " + macPeer(apdu) + " and " + apdu.recipient()));
        byte[] encoded = GbcsFrameEncoder.encodeApdu(apdu);
        byte[] mac = AesGcm.mac(key, AesGcm.iv(apdu.originator()), encoded, 0, encoded.length);
        return new GbcsMessage.WithMacHeader(apdu, mac);
    }

    /** Checks the MAC of a decoded message over the bytes it was decoded from. */
    public Check verifyMac(byte[] wire, GbcsMessage message) {
        if (!(message instanceof GbcsMessage.WithMacHeader)) {
            return Check.NOT_CHECKABLE;
        }
        GeneralSigningApdu apdu = message.apdu();
        Optional<byte[]> key = macKey(apdu);
        if (key.isEmpty()) {
            return Check.NOT_CHECKABLE;
        }
        FrameLayout layout = FrameLayout.of(message);
        return Check.of(AesGcm.verifyMac(key.get(), AesGcm.iv(apdu.originator()), wire, layout.apduOffset(),
                layout.apduLength(), wire, layout.macOffset()));
    }

    /** Signs an APDU as {@code signer} with its DS key; the signature covers the APDU after its tag. */
    public GeneralSigningApdu sign(GeneralSigningApdu apdu, Eui64 signer) {
        return sign(apdu, keys.privateKey(signer, KeyUsage.DS)
                .orElseThrow(() -> new KeyStoreException("no DS private key for " + signer)));
    }

    /** Signs with a given DS key (a device's own, made for CS02c and placed by CS02d). */
    public GeneralSigningApdu sign(GeneralSigningApdu apdu, EcKeys.PrivateKey key) {
        byte[] signed = GbcsFrameEncoder.signedBytes(apdu);
        byte[] signature = deterministic ? Ecdsa.signDeterministic(key, signed, 0, signed.length) : Ecdsa.sign(key, signed);
        return apdu.withSignature(SignatureField.ecdsa(signature));
    }

    /** Signs as the APDU's originator. */
    public GeneralSigningApdu sign(GeneralSigningApdu apdu) {
        return sign(apdu, apdu.originator());
    }

    /** Checks the signature of a decoded message against the originator's DS key. */
    public Check verifySignature(byte[] wire, GbcsMessage message) {
        return verifySignature(wire, message, message.apdu().originator());
    }

    public Check verifySignature(byte[] wire, GbcsMessage message, Eui64 signer) {
        Optional<EcKeys.PublicKey> key = keys.publicKey(signer, KeyUsage.DS);
        return key.isEmpty() ? Check.NOT_CHECKABLE : verifySignature(wire, message, key.get());
    }

    /** Checks the signature with a given key (a device's trust anchor, say). */
    public Check verifySignature(byte[] wire, GbcsMessage message, EcKeys.PublicKey key) {
        if (!(message.apdu().signature() instanceof SignatureField.Ecdsa)) {
            return Check.NOT_CHECKABLE;
        }
        FrameLayout layout = FrameLayout.of(message);
        // The 64 signature bytes sit at the end of the APDU; read them in place.
        int sigOffset = layout.apduOffset() + layout.apduLength() - Ecdsa.SIGNATURE_LENGTH;
        return Check.of(Ecdsa.verify(key, wire, layout.signedOffset(), layout.signedLength(), wire, sigOffset));
    }

    /**
     * The key and parties of a payload encrypted by {@code device} for a remote party (KDF flag 4). When
     * other-information names a Supplementary Remote Party (Unknown Remote Party reads), the payload is for it
     * and the Supplementary Originator Counter replaces the counter.
     */
    private Optional<byte[]> encryptionKey(GeneralSigningApdu apdu, Eui64 device) {
        OtherInformation oi = apdu.otherInformation();
        Eui64 party = apdu.originator().equals(device) ? apdu.recipient() : apdu.originator();
        long counter = apdu.originatorCounter();
        if (oi.supplementaryRemotePartyId() != null) {
            party = oi.supplementaryRemotePartyId();
            if (oi.supplementaryOriginatorCounter() != null) {
                counter = oi.supplementaryOriginatorCounter();
            }
        }
        Eui64 forParty = party;
        long forCounter = counter;
        return sharedSecret(device, party).map(z -> GbcsKdf.deriveKey(z, device, GbcsKdf.FLAG_ENCRYPTION, forCounter,
                forParty));
    }

    /**
     * Decrypts a protected payload ({@code 31 || 00000000 || ciphertext || tag}) that {@code device} encrypted
     * in the message {@code apdu}. Empty if the keys are not held or the tag does not verify.
     */
    public Optional<byte[]> decryptPayload(GeneralSigningApdu apdu, Eui64 device, ProtectedPayload payload) {
        Optional<byte[]> key = encryptionKey(apdu, device);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = payload.ciphertextAndTag();
        return Optional.ofNullable(AesGcm.decrypt(key.get(), AesGcm.iv(device), body, 0, body.length));
    }

    /**
     * Encrypts a payload as {@code device} would for an Unknown Remote Party (URP reads): the party and the
     * counter come from {@code apdu}'s other-information (Supplementary Remote Party ID and Supplementary
     * Originator Counter, GBCS-NOTES b.3), the party's key-agreement key from the certificate the command carried,
     * since the device holds no key for a party it does not know.
     */
    public ProtectedPayload encryptPayloadFor(GeneralSigningApdu apdu, Eui64 device, EcKeys.PublicKey partyKa, byte[] plaintext) {
        OtherInformation oi = apdu.otherInformation();
        if (oi.supplementaryRemotePartyId() == null || oi.supplementaryOriginatorCounter() == null) {
            throw new IllegalArgumentException("a URP response names the supplementary party and originator counter");
        }
        EcKeys.PrivateKey own = keys.privateKey(device, KeyUsage.KA).orElseThrow(() -> new KeyStoreException(
                "no KA private key for " + device));
        byte[] key = GbcsKdf.deriveKey(Ecdh.sharedSecret(own, partyKa), device, GbcsKdf.FLAG_ENCRYPTION,
                oi.supplementaryOriginatorCounter(), oi.supplementaryRemotePartyId());
        return new ProtectedPayload(AesGcm.encrypt(key, AesGcm.iv(device), plaintext));
    }

    /** Encrypts a payload as {@code device} would for the remote party of {@code apdu}. */
    public ProtectedPayload encryptPayload(GeneralSigningApdu apdu, Eui64 device, byte[] plaintext) {
        byte[] key = encryptionKey(apdu, device).orElseThrow(() -> new KeyStoreException(
                "no KA key pair to encrypt for " + device));
        return new ProtectedPayload(AesGcm.encrypt(key, AesGcm.iv(device), plaintext));
    }
}

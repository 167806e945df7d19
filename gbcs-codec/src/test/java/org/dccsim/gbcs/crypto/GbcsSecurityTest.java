package org.dccsim.gbcs.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.testing.TestParties;
import org.junit.jupiter.api.Test;

class GbcsSecurityTest {
    private final GbcsSecurity security = TestParties.security();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    private static GeneralSigningApdu command(long counter) {
        return new GeneralSigningApdu(CraFlag.COMMAND, counter, TestParties.LOAD_CONTROLLER, TestParties.SAPC, null,
                OtherInformation.of(0x011F), new byte[] {(byte) 0xD9, 1, 2, 3}, SignatureField.NULL);
    }

    @Test
    void mac_addedByTheAcb_verifiesOnTheWireAndFailsWhenAnyBitFlips() throws Exception {
        byte[] wire = GbcsFrameEncoder.encode(security.addMac(command(7)));
        assertThat(security.verifyMac(wire, decoder.decode(wire))).isEqualTo(Check.VALID);
        for (int i = 14; i < wire.length; i++) {
            byte[] bad = wire.clone();
            bad[i] ^= 0x01;
            GbcsMessage m;
            try {
                m = decoder.decode(bad);
            } catch (org.dccsim.gbcs.GbcsDecodeException e) {
                continue; // a flip that breaks the frame is caught earlier still
            }
            // A flipped system title names a party whose keys we lack: not checkable, and never valid.
            assertThat(security.verifyMac(bad, m)).as("flip at %d", i).isNotEqualTo(Check.VALID);
        }
    }

    @Test
    void mac_computedTwiceForTheSameMessage_isTheSame() {
        // The JDK refuses to reuse a GCM key and IV for encryption; GBCS IVs repeat, so this must still work.
        assertThat(security.addMac(command(9)).mac()).isEqualTo(security.addMac(command(9)).mac());
    }

    @Test
    void mac_withoutTheKeys_isNotCheckable() throws Exception {
        byte[] wire = GbcsFrameEncoder.encode(security.addMac(command(7)));
        GbcsSecurity stranger = new GbcsSecurity(new InMemoryKeyStore(), TestParties.ACB);
        assertThat(stranger.verifyMac(wire, decoder.decode(wire))).isEqualTo(Check.NOT_CHECKABLE);
    }

    @Test
    void signature_byTheOriginator_verifiesAndIsDeterministic() throws Exception {
        GeneralSigningApdu signed = security.sign(command(11));
        assertThat(security.sign(command(11))).isEqualTo(signed); // RFC 6979
        byte[] wire = GbcsFrameEncoder.encode(security.addMac(signed));
        GbcsMessage m = decoder.decode(wire);
        assertThat(security.verifySignature(wire, m)).isEqualTo(Check.VALID);
        assertThat(security.verifySignature(wire, m, TestParties.SUPPLIER)).isEqualTo(Check.INVALID);
        byte[] tampered = wire.clone();
        tampered[60] ^= 0x40;
        assertThat(security.verifySignature(tampered, decoder.decode(tampered))).isEqualTo(Check.INVALID);
    }

    @Test
    void signature_verifiesWithTheJdkSunEcToo() throws Exception {
        GeneralSigningApdu signed = security.sign(command(12));
        byte[] rs = ((SignatureField.Ecdsa) signed.signature()).rs();
        EcKeys.PublicKey pub = security.keyStore().publicKey(TestParties.LOAD_CONTROLLER, KeyUsage.DS).orElseThrow();
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
        jdk.initVerify(jdkPublicKey(pub));
        jdk.update(GbcsFrameEncoder.signedBytes(signed));
        assertThat(jdk.verify(rs)).isTrue();
    }

    @Test
    void ecdh_agreesWithTheJdkSunEc() throws Exception {
        EcKeys.KeyPair a = EcKeys.deterministic("a");
        EcKeys.KeyPair b = EcKeys.deterministic("b");
        KeyAgreement ka = KeyAgreement.getInstance("ECDH", "SunEC");
        ka.init(KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, privateScalar(a)), p256())));
        ka.doPhase(jdkPublicKey(b.publicKey()), true);
        byte[] jdkSecret = ka.generateSecret();
        assertThat(Ecdh.sharedSecret(a.privateKey(), b.publicKey())).isEqualTo(jdkSecret);
        assertThat(Ecdh.sharedSecret(b.privateKey(), a.publicKey())).isEqualTo(jdkSecret);
    }

    @Test
    void payload_encryptedByTheDevice_decryptsForItsRemoteParty() {
        GeneralSigningApdu response = new GeneralSigningApdu(CraFlag.RESPONSE, 99, TestParties.ESME,
                TestParties.SUPPLIER, null, OtherInformation.of(0x0037), new byte[1], SignatureField.NULL);
        byte[] plain = {2, 1, 0x11, 5};
        ProtectedPayload p = security.encryptPayload(response, TestParties.ESME, plain);
        assertThat(p.ciphertextAndTag()).hasSize(plain.length + 12);
        assertThat(security.decryptPayload(response, TestParties.ESME, p)).hasValue(plain);
        GeneralSigningApdu otherCounter = new GeneralSigningApdu(CraFlag.RESPONSE, 100, TestParties.ESME,
                TestParties.SUPPLIER, null, OtherInformation.of(0x0037), new byte[1], SignatureField.NULL);
        assertThat(security.decryptPayload(otherCounter, TestParties.ESME, p)).isEmpty();
    }

    @Test
    void privateKey_neverPrintsItsValue() {
        EcKeys.PrivateKey k = EcKeys.deterministic("secret").privateKey();
        assertThat(k.toString()).doesNotContain(new BigInteger(1, privateScalar(EcKeys.deterministic("secret")))
                .toString(16));
        assertThat(k.toString()).contains("redacted");
    }

    @Test
    void eui64_parsesDashedAndPlainForms() {
        assertThat(Eui64.parse("90-B3-D5-1F-30-01-00-08")).isEqualTo(Eui64.parse("90b3d51f30010008"));
        assertThat(Eui64.parse("90B3D51F30010008").dashed()).isEqualTo("90-B3-D5-1F-30-01-00-08");
    }

    private static byte[] privateScalar(EcKeys.KeyPair p) {
        return p.privateKey().params().getD().toByteArray();
    }

    private static ECParameterSpec p256() throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    private static ECPublicKey jdkPublicKey(EcKeys.PublicKey k) throws Exception {
        byte[] enc = k.encoded();
        ECPoint w = new ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(enc, 1, 33)),
                new BigInteger(1, java.util.Arrays.copyOfRange(enc, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256()));
    }

    @Test
    void replaceKey_aPublicKeyAlone_leavesThePrivateSlot_andAPairReplacesBoth() {
        GbcsSecurity security = TestParties.security();
        Eui64 device = TestParties.ESME;
        EcKeys.KeyPair fresh = EcKeys.deterministic("replace-key-test");
        GbcsSecurity deterministic = security.withDeterministicSignatures();

        security.replaceKey(device, KeyUsage.DS, fresh.publicKey(), null);
        assertThat(security.keyStore().publicKey(device, KeyUsage.DS)).hasValueSatisfying(
                k -> assertThat(k.encoded()).isEqualTo(fresh.publicKey().encoded()));
        assertThat(security.keyStore().privateKey(device, KeyUsage.DS)).as("the private slot as it was")
                .hasValueSatisfying(k -> assertThat(k.publicKey().encoded()).isNotEqualTo(fresh.publicKey().encoded()));
        assertThat(deterministic.keyStore().publicKey(device, KeyUsage.DS)).as("shared with what it made")
                .hasValueSatisfying(k -> assertThat(k.encoded()).isEqualTo(fresh.publicKey().encoded()));

        security.replaceKey(device, KeyUsage.DS, fresh.publicKey(), fresh.privateKey());
        security.replaceKey(device, KeyUsage.DS, fresh.publicKey(), null);
        assertThat(security.keyStore().privateKey(device, KeyUsage.DS)).as("the pair stays whole")
                .hasValueSatisfying(k -> assertThat(k.publicKey().encoded()).isEqualTo(fresh.publicKey().encoded()));
        assertThat(security.keyStore().publicKey(TestParties.SAPC, KeyUsage.DS)).as("other parties untouched")
                .hasValueSatisfying(k -> assertThat(k.encoded()).isNotEqualTo(fresh.publicKey().encoded()));
    }

    @Test
    void anExpectedSigningKey_takesOverWhenASignatureVerifiesOnlyWithIt_andTheListenerHears() throws Exception {
        GbcsSecurity headEnd = TestParties.security();
        Eui64 device = TestParties.ESME;
        EcKeys.KeyPair next = EcKeys.deterministic("expected-key-test");
        java.util.List<Eui64> heard = new java.util.ArrayList<>();
        headEnd.onKeyConfirmed((party, key) -> heard.add(party));
        GeneralSigningApdu response = new GeneralSigningApdu(CraFlag.RESPONSE, 7, device, TestParties.SUPPLIER, null,
                OtherInformation.of(0x000C), new byte[] {0x02, 0x01, 0x00}, SignatureField.NULL);
        byte[] withNewKey = GbcsFrameEncoder.encodeApdu(headEnd.sign(response, next.privateKey()));
        GbcsMessage m = new GbcsFrameDecoder().decode(withNewKey);
        assertThat(headEnd.verifySignatureFollowingKeyChange(withNewKey, m)).as("nothing expected yet").isEqualTo(Check.INVALID);

        headEnd.expectSigningKey(device, EcKeys.deterministic("another-placement").publicKey());
        headEnd.expectSigningKey(device, next.publicKey());
        byte[] withOldKey = GbcsFrameEncoder.encodeApdu(headEnd.sign(response, device));
        assertThat(headEnd.verifySignatureFollowingKeyChange(withOldKey, new GbcsFrameDecoder().decode(withOldKey)))
                .isEqualTo(Check.VALID);
        assertThat(heard).as("the old key still verifies: no switch").isEmpty();
        assertThat(headEnd.verifySignature(withNewKey, m)).as("a message a user hands in proves nothing").isEqualTo(Check.INVALID);
        assertThat(heard).isEmpty();
        assertThat(headEnd.verifySignatureFollowingKeyChange(withNewKey, m)).isEqualTo(Check.VALID);
        assertThat(heard).containsExactly(device);
        assertThat(headEnd.keyStore().publicKey(device, KeyUsage.DS)).hasValueSatisfying(
                k -> assertThat(k.encoded()).isEqualTo(next.publicKey().encoded()));
        assertThat(headEnd.expectedSigningKeys(device)).as("the other placement's expectation ends with it").isEmpty();
    }
}

package org.dccsim.gbcs.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.CertificationRequests;
import org.dccsim.gbcs.crypto.DeviceCertificateAuthority;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/** CS02c-CS02e payloads against the RTDS's, the certification request a device makes, and the device CA. */
class DeviceSecurityCredentialsTest {
    private static final Eui64 ESME = Eui64.parse("00DB1234567890A0");

    private static byte[] content(String dir, String file) throws Exception {
        Path p = SharedData.rtds().resolve(dir).resolve(file);
        return new GbcsFrameDecoder().decode(SharedData.hexFile(p)).apdu().content();
    }

    @Test
    void usage_encodesAsTheRtdsCommands_digitalSignatureForSuccessAndKeyAgreementForError() throws Exception {
        // 30 04            SEQUENCE, 4 bytes
        //    03 02 07 80   BIT STRING, 7 unused bits: digitalSignature (bit 0)
        assertThat(Hex.encode(DeviceSecurityCredentials.encodeUsage(KeyUsage.DS)))
                .isEqualTo(Hex.encode(content("6.17_CS02c", "CS02c_6.17_SUCCESS_COMMAND_GBCS.HEX")))
                .isEqualTo("300403020780");
        //    03 02 03 08   BIT STRING, 3 unused bits: keyAgreement (bit 4)
        assertThat(Hex.encode(DeviceSecurityCredentials.encodeUsage(KeyUsage.KA)))
                .isEqualTo(Hex.encode(content("6.24.2_CS02e", "CS02e_6.24.2_ERROR_COMMAND_GBCS.HEX")))
                .isEqualTo("300403020308");
        assertThat(DeviceSecurityCredentials.decodeUsage(Hex.of("300403020780"))).isEqualTo(KeyUsage.DS);
    }

    @Test
    void rtdsErrorAnswers_areIntegerThree() throws Exception {
        for (String[] f : new String[][] {{"6.17_CS02c", "CS02c_6.17_ERROR_RESPONSE_GBCS.HEX"},
            {"6.15.2_CS02d", "CS02d_6.15.2_ERROR_RESPONSE_GBCS.HEX"}, {"6.24.2_CS02e", "CS02e_6.24.2_ERROR_RESPONSE_GBCS.HEX"}}) {
            byte[] c = content(f[0], f[1]);
            assertThat(DeviceSecurityCredentials.isResult(c)).isTrue();
            assertThat(DeviceSecurityCredentials.decodeResult(c)).isEqualTo(DeviceSecurityCredentials.RESULT_REFUSED);
        }
        assertThat(DeviceSecurityCredentials.decodeResult(content("6.15.2_CS02d", "CS02d_6.15.2_SUCCESS_RESPONSE_GBCS.HEX")))
                .isEqualTo(DeviceSecurityCredentials.RESULT_SUCCESS);
    }

    @Test
    void rtdsCertificationRequest_readsAsTheEsmesRequestForASigningKey() throws Exception {
        byte[] csr = content("6.17_CS02c", "CS02c_6.17_SUCCESS_RESPONSE_GBCS.HEX");
        CertificationRequests.Request r = CertificationRequests.parse(csr);
        assertThat(r.device()).isEqualTo(ESME);
        assertThat(r.usage()).isEqualTo(KeyUsage.DS);
        // The key the RTDS's CS02d then places and CS02e reports.
        byte[] placed = content("6.15.2_CS02d", "CS02d_6.15.2_SUCCESS_COMMAND_GBCS.HEX");
        assertThat(r.key().encoded()).isEqualTo(SmkiCertificates.parse(placed).key().encoded());
        assertThat(content("6.24.2_CS02e", "CS02e_6.24.2_SUCCESS_RESPONSE_GBCS.HEX")).isEqualTo(placed);
    }

    @Test
    void ourRequest_roundTrips_andATamperedOneIsRefused() {
        EcKeys.KeyPair keys = EcKeys.generate(new SecureRandom());
        byte[] csr = CertificationRequests.build(ESME, KeyUsage.DS, keys);
        CertificationRequests.Request r = CertificationRequests.parse(csr);
        assertThat(r.device()).isEqualTo(ESME);
        assertThat(r.key().encoded()).isEqualTo(keys.publicKey().encoded());
        byte[] tampered = csr.clone();
        tampered[tampered.length - 5] ^= 0x01; // inside the signature
        assertThatThrownBy(() -> CertificationRequests.parse(tampered)).isInstanceOf(KeyStoreException.class);
        assertThatThrownBy(() -> CertificationRequests.parse(new byte[] {0x30, 0x00})).isInstanceOf(KeyStoreException.class);
    }

    @Test
    void deviceCa_fromOneSecret_issuesTheSameBytesInEveryInstance_andAnotherSecretDoesNot() {
        EcKeys.PublicKey key = EcKeys.deterministic("device-ca-test").publicKey();
        byte[] a = DeviceCertificateAuthority.fromSecret("s1").issueEncoded(ESME, KeyUsage.DS, key);
        byte[] b = DeviceCertificateAuthority.fromSecret("s1").issueEncoded(ESME, KeyUsage.DS, key);
        byte[] c = DeviceCertificateAuthority.fromSecret("s2").issueEncoded(ESME, KeyUsage.DS, key);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(SmkiCertificates.signedBy(a, DeviceCertificateAuthority.encoded(
                DeviceCertificateAuthority.fromSecret("s1").certificate()))).isTrue();
        assertThat(SmkiCertificates.parse(a).party()).isEqualTo(ESME);
    }

    @Test
    void garbage_isATypedDecodeError() {
        assertThatThrownBy(() -> DeviceSecurityCredentials.decodeUsage(Hex.of("300403020788")))
                .as("both usages at once").isInstanceOf(GbcsDecodeException.class);
        assertThatThrownBy(() -> DeviceSecurityCredentials.requireSequence(Hex.of("3000FF")))
                .as("trailing bytes").isInstanceOf(GbcsDecodeException.class);
        assertThatThrownBy(() -> DeviceSecurityCredentials.decodeResult(Hex.of("0201"))).isInstanceOf(GbcsDecodeException.class);
    }
}

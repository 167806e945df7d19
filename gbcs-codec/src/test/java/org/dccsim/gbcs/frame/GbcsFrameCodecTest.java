package org.dccsim.gbcs.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.GbcsDecodeException.Reason;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.testing.TestParties;
import org.junit.jupiter.api.Test;

class GbcsFrameCodecTest {
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    /** A non-critical command: MAC header, General-Signing APDU with a null signature, 12-byte MAC. */
    private static final String NON_CRITICAL_COMMAND = ""
            + "DD 00 00 00 00 00 00" // General-Ciphering tag, five empty header fields, key-info absent
            + "37"                   // ciphered-content length: 5 + 38-byte APDU + 12 = 55
            + "11 00000000"          // security control (authenticated, suite 1), invocation counter 0
            + "DF"                   // General-Signing tag
            + "09 01 00000000000003EA" // transaction-id: CRA 1 (command), originator counter 1002
            + "08 90B3D51F30010000"  // originator system title: the supplier
            + "08 00DB1234567890A0"  // recipient system title: the ESME
            + "00"                   // date-time absent
            + "02 0037"              // other-information: message code 0x0037 (ECS22b)
            + "03 D9 2000"           // content: 3 bytes (not a real payload; frames carry content opaquely)
            + "00"                   // signature: null
            + "0102030405060708090A0B0C"; // MAC (12 bytes)

    @Test
    void decode_nonCriticalCommand_readsEveryField() throws Exception {
        GbcsMessage m = decoder.decode(Hex.of(NON_CRITICAL_COMMAND));

        assertThat(m).isInstanceOf(GbcsMessage.WithMacHeader.class);
        GeneralSigningApdu a = m.apdu();
        assertThat(a.cra()).isEqualTo(CraFlag.COMMAND);
        assertThat(a.originatorCounter()).isEqualTo(1002);
        assertThat(a.originator()).isEqualTo(TestParties.SUPPLIER);
        assertThat(a.recipient()).isEqualTo(TestParties.ESME);
        assertThat(a.dateTime()).isNull();
        assertThat(a.messageCode()).isEqualTo(0x0037);
        assertThat(a.content()).containsExactly(0xD9, 0x20, 0x00);
        assertThat(a.signature()).isEqualTo(SignatureField.NULL);
        assertThat(((GbcsMessage.WithMacHeader) m).mac()).isEqualTo(Hex.of("0102030405060708090A0B0C"));
        assertThat(GbcsFrameEncoder.encode(m)).isEqualTo(Hex.of(NON_CRITICAL_COMMAND));
    }

    @Test
    void layout_nonCriticalCommand_pointsAtApduSignedBytesAndMac() throws Exception {
        GbcsMessage m = decoder.decode(Hex.of(NON_CRITICAL_COMMAND));
        FrameLayout l = FrameLayout.of(m);
        assertThat(l.apduOffset()).isEqualTo(13);
        assertThat(l.apduLength()).isEqualTo(38);
        assertThat(l.signedOffset()).isEqualTo(14);
        assertThat(l.signedLength()).isEqualTo(l.apduLength() - 2); // no DF tag, no null signature byte
        assertThat(l.macOffset()).isEqualTo(Hex.of(NON_CRITICAL_COMMAND).length - 12);
    }

    @Test
    void roundTrip_everyOtherInformationFormAndSignatureForm() throws Exception {
        Eui64 rp = Eui64.parse("90-B3-D5-1F-30-01-00-08");
        OtherInformation[] forms = {
            OtherInformation.of(0x011F),
            new OtherInformation(0x0123, rp, null, null, null),
            OtherInformation.onBehalfOf(0x0037, rp, 77),
            new OtherInformation(0x0037, rp, 77L, 0x1122334455667788L, null),
            new OtherInformation(0x0037, rp, 77L, null, new byte[300]),
        };
        SignatureField[] signatures = {SignatureField.ABSENT, SignatureField.NULL, SignatureField.ecdsa(new byte[64])};
        for (OtherInformation oi : forms) {
            for (SignatureField sig : signatures) {
                GeneralSigningApdu apdu = new GeneralSigningApdu(CraFlag.RESPONSE, -1L, TestParties.ESME,
                        TestParties.SUPPLIER, CosemDateTime.NEVER, oi, new byte[200], sig);
                GbcsMessage bare = new GbcsMessage.Bare(apdu);
                assertThat(decoder.decode(GbcsFrameEncoder.encode(bare))).isEqualTo(bare);
                GbcsMessage maced = new GbcsMessage.WithMacHeader(apdu, new byte[12]);
                assertThat(decoder.decode(GbcsFrameEncoder.encode(maced))).isEqualTo(maced);
            }
        }
    }

    @Test
    void decode_everyTruncation_failsWithTruncatedOrOtherReason() {
        byte[] full = Hex.of(NON_CRITICAL_COMMAND);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            assertThatThrownBy(() -> decoder.decode(cut)).isInstanceOf(GbcsDecodeException.class);
        }
    }

    @Test
    void decode_nonMinimalLength_failsWithBadLength() {
        // ciphered-content length 55 written as 81 37
        byte[] b = Hex.of(NON_CRITICAL_COMMAND.replace("00 0037" + "11", "00 00 8137 11"));
        assertThat(reason(b)).isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void decode_unknownCraFlag_failsWithBadTransactionId() {
        byte[] b = Hex.of(NON_CRITICAL_COMMAND.replace("09 01 ", "09 07 "));
        assertThat(reason(b)).isEqualTo(Reason.BAD_TRANSACTION_ID);
    }

    @Test
    void decode_trailingBytes_failsWithTrailingBytes() {
        assertThat(reason(Hex.of(NON_CRITICAL_COMMAND + "00"))).isEqualTo(Reason.TRAILING_BYTES);
    }

    @Test
    void decode_encryptedMacHeader_failsWithUnsupportedMacHeader() {
        assertThat(reason(Hex.of(NON_CRITICAL_COMMAND.replace("11 00000000", "31 00000000"))))
                .isEqualTo(Reason.UNSUPPORTED_MAC_HEADER);
    }

    @Test
    void decode_otherInformationOfFiveBytes_failsWithBadOtherInformation() {
        // ciphered-content length grows by 3 to 0x3A
        String s = NON_CRITICAL_COMMAND.replace("0037" + "11", "003A11").replace("02 0037", "05 0037 AABBCC");
        assertThat(reason(Hex.of(s))).isEqualTo(Reason.BAD_OTHER_INFORMATION);
    }

    @Test
    void decode_signatureOfTwoBytes_failsWithBadSignatureField() {
        // A bare APDU whose signature field claims two bytes.
        String s = "DF 09 01 0000000000000001 08 90B3D51F30010000 08 00DB1234567890A0 00 02 0037 01 D9 02 ABCD";
        assertThat(reason(Hex.of(s))).isEqualTo(Reason.BAD_SIGNATURE_FIELD);
    }

    @Test
    void decode_overTheCap_failsBeforeReading() {
        GbcsFrameDecoder small = new GbcsFrameDecoder(40);
        assertThat(reason(small, Hex.of(NON_CRITICAL_COMMAND))).isEqualTo(Reason.FRAME_TOO_LARGE);
    }

    @Test
    void decode_contentLengthLargerThanInput_failsWithoutAllocating() {
        // A bare APDU whose content claims 16 MB.
        String s = "DF 09 01 0000000000000001 08 90B3D51F30010000 08 00DB1234567890A0 00 02 0037 83 FFFFFF 00";
        assertThat(reason(Hex.of(s))).isEqualTo(Reason.TRUNCATED);
    }

    private Reason reason(byte[] b) {
        return reason(decoder, b);
    }

    private static Reason reason(GbcsFrameDecoder d, byte[] b) {
        try {
            d.decode(b);
        } catch (GbcsDecodeException e) {
            return e.reason();
        }
        throw new AssertionError("decoded " + Hex.encode(b));
    }
}

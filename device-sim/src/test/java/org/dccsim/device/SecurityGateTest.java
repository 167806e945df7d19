package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.DeviceAlert;
import org.dccsim.gbcs.usecase.DeviceAlerts;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.ReadProfile;
import org.dccsim.gbcs.usecase.SupplyControl;
import org.junit.jupiter.api.Test;

class SecurityGateTest {
    private final TestSite t = new TestSite();
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();

    private LimitApcLevel limit(int level) {
        Instant now = t.clock.now();
        return new LimitApcLevel(AuxiliaryController.output(1), level, CosemDateTime.ofInstant(now.plusSeconds(600)),
                CosemDateTime.ofInstant(now.plusSeconds(4200)));
    }

    /** Nothing the gate refuses may change what the device holds. */
    private void assertUnchanged() {
        assertThat(t.sapc.controller(1).periods()).isEmpty();
        assertThat(t.sapc.lastAcceptedCounter(TestParties.LOAD_CONTROLLER)).isEmpty();
    }

    @Test
    void limitApcLevel_fromTheLoadController_isExecutedSignedAndAlerted() throws Exception {
        List<Outbound> out = t.sapc.receive(t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30)));
        assertThat(out).hasSize(2);
        Outbound response = out.get(0);
        GbcsMessage m = decoder.decode(response.frame());
        assertThat(m).isInstanceOf(GbcsMessage.Bare.class); // critical response: signed, no MAC header
        assertThat(t.security.verifySignature(response.frame(), m)).isEqualTo(Check.VALID);
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(m.apdu().content());
        assertThat(r.results()).extracting(XdlmsApdu.AccessResponseSpecification::result).containsExactly(0, 0, 0);
        assertThat(DeviceAlerts.parse(decoder.decode(out.get(1).frame()).apdu()).orElseThrow())
                .isInstanceOf(DeviceAlert.ApcLimitProcessed.class);
        assertThat(t.sapc.controller(1).periods()).hasSize(1);
    }

    @Test
    void tamperedMac_isRefusedWithoutStateChange() {
        byte[] cmd = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30));
        cmd[cmd.length - 1] ^= 1;
        assertThat(t.sapc.receive(cmd)).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.MAC_FAILED)).isEqualTo(1);
        assertUnchanged();
    }

    @Test
    void refusals_reachTheOperatorsLog_atMostOneLineASecond_withTheOthersCounted() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dccsim.devices");
        List<java.util.logging.LogRecord> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try {
            Thread.sleep(1_100); // past any line another test logged
            List<byte[]> tampered = new java.util.ArrayList<>();
            for (int i = 0; i < 51; i++) {
                byte[] cmd = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30));
                cmd[cmd.length - 1] ^= 1;
                tampered.add(cmd);
            }
            long start = System.nanoTime();
            for (byte[] cmd : tampered.subList(0, 50)) {
                t.sapc.receive(cmd);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            // At most a line a second however long the burst took on this machine, the first at once.
            assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo((int) (1 + seconds));
            assertThat(lines.get(0).getMessage()).contains("refused a command: MAC_FAILED");
            Thread.sleep(1_100);
            t.sapc.receive(tampered.get(50));
            // Every refusal is accounted for: each line stands for itself and the ones it says it skipped (the first
            // line's count may include other tests' refusals, so it counts only itself).
            int accounted = 1;
            for (java.util.logging.LogRecord r : lines.subList(1, lines.size())) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("; (\\d+) other refusals").matcher(r.getMessage());
                accounted += 1 + (m.find() ? Integer.parseInt(m.group(1)) : 0);
            }
            assertThat(accounted).isEqualTo(51);
            assertThat(lines.get(lines.size() - 1).getMessage()).contains("other refusals since the last line");
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void badSignature_isRefusedWithoutStateChange() {
        byte[] cmd = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30));
        byte[] resigned = reMac(cmd, 80); // flip a signature byte, then MAC again as the ACB
        assertThat(t.sapc.receive(resigned)).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.SIGNATURE_FAILED)).isEqualTo(1);
        assertUnchanged();
    }

    /** CS02f from the supplier, signed and sent without the ACB's MAC header, as the RTDS's CS02fSignature is. */
    private byte[] signedCredentialDetails(long counter, boolean forge) {
        byte[] content = org.dccsim.gbcs.usecase.SecurityCredentialDetails.encode(
                new org.dccsim.gbcs.usecase.SecurityCredentialDetails.Command(2, 0x80, List.of(2, 6)));
        var apdu = new org.dccsim.gbcs.frame.GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.COMMAND, counter,
                TestParties.SUPPLIER, TestParties.ESME, null, org.dccsim.gbcs.frame.OtherInformation.of(
                        org.dccsim.gbcs.usecase.SecurityCredentialDetails.CS02F), content,
                org.dccsim.gbcs.frame.SignatureField.NULL);
        byte[] wire = org.dccsim.gbcs.frame.GbcsFrameEncoder.encodeApdu(t.security.sign(apdu, TestParties.SUPPLIER));
        if (forge) {
            wire[wire.length - 10] ^= 1;
        }
        return wire;
    }

    @Test
    void credentialDetails_signedWithoutMac_isAnsweredSigned_withEachRolesCellOrStatus25() throws Exception {
        List<Outbound> out = t.esme.receive(signedCredentialDetails(5000, false));
        assertThat(out).hasSize(1);
        GbcsMessage m = decoder.decode(out.get(0).frame());
        assertThat(m).isInstanceOf(GbcsMessage.Bare.class);
        assertThat(t.security.verifySignature(out.get(0).frame(), m)).isEqualTo(Check.VALID);
        var roles = org.dccsim.gbcs.usecase.SecurityCredentialDetails.decodeResponse(m.apdu().content());
        assertThat(roles).extracting(org.dccsim.gbcs.usecase.SecurityCredentialDetails.RoleDetails::status)
                .containsExactly(0, org.dccsim.gbcs.usecase.SecurityCredentialDetails.STATUS_NO_CELL);
        assertThat(roles.get(0).cells()).isNotEmpty();
    }

    @Test
    void credentialDetails_withoutMac_andAForgedSignature_isRefused() {
        assertThat(t.esme.receive(signedCredentialDetails(5001, true))).isEmpty();
        assertThat(t.esme.rejections(Rejection.Reason.SIGNATURE_FAILED)).isEqualTo(1);
    }

    @Test
    void anyOtherCommandWithoutMac_isRefusedEvenSigned() throws Exception {
        byte[] maced = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30));
        byte[] bare = org.dccsim.gbcs.frame.GbcsFrameEncoder.encodeApdu(decoder.decode(maced).apdu());
        assertThat(t.sapc.receive(bare)).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.NOT_A_COMMAND)).isEqualTo(1);
        assertUnchanged();
    }

    @Test
    void supplierSendingALoadControllerUseCase_isRefusedForItsRole() {
        byte[] cmd = t.command(TestParties.SUPPLIER, TestParties.SAPC, limit(30));
        assertThat(t.sapc.receive(cmd)).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.ROLE_NOT_ALLOWED)).isEqualTo(1);
        assertUnchanged();
    }

    @Test
    void replayedCounter_isRefusedAndTheFirstCommandStands() {
        byte[] cmd = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30));
        assertThat(t.sapc.receive(cmd)).hasSize(2);
        List<org.dccsim.device.model.ControlHistory.Period> before = t.sapc.controller(1).periods();
        assertThat(t.sapc.receive(cmd)).isEmpty();
        byte[] older = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(10), t.lastCounter() - 500);
        assertThat(t.sapc.receive(older)).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.REPLAYED_COUNTER)).isEqualTo(2);
        assertThat(t.sapc.controller(1).periods()).isEqualTo(before);
    }

    @Test
    void aForgedSignature_doesNotMoveTheReplayCounter_soTheGenuineCommandStillPasses() {
        // The replay stage comes after the signature stage: a forgery carrying a high counter must not use it up.
        byte[] genuine = t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30));
        byte[] forged = reMac(t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30), t.lastCounter() + 100), 80);

        assertThat(t.sapc.receive(forged)).isEmpty();
        assertThat(t.sapc.receive(genuine)).hasSize(2);
        assertThat(t.sapc.rejections(Rejection.Reason.SIGNATURE_FAILED)).isEqualTo(1);
        assertThat(t.sapc.rejections(Rejection.Reason.REPLAYED_COUNTER)).isZero();
    }

    @Test
    void aCommandFailingSeveralChecks_isRefusedForTheFirstInGbcsOrder() {
        // From the network operator, whose role may not limit an APC, and with a broken signature: the role stage
        // refuses it before the signature stage is reached.
        byte[] cmd = t.command(TestParties.NETWORK_OPERATOR, TestParties.SAPC, limit(30));
        assertThat(t.sapc.receive(reMac(cmd, 80))).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.ROLE_NOT_ALLOWED)).isEqualTo(1);
        assertThat(t.sapc.rejections(Rejection.Reason.SIGNATURE_FAILED)).isZero();
    }

    @Test
    void malformedPayload_isRefusedWithoutStateChange() {
        // A correctly signed and MACed critical command whose DLMS payload is not an access-request.
        var apdu = new org.dccsim.gbcs.frame.GeneralSigningApdu(org.dccsim.gbcs.frame.CraFlag.COMMAND, 5000,
                TestParties.LOAD_CONTROLLER, TestParties.SAPC, null, org.dccsim.gbcs.frame.OtherInformation.of(0x011F),
                new byte[] {(byte) 0xD9, 0x20, 0, 0}, org.dccsim.gbcs.frame.SignatureField.ABSENT);
        byte[] cmd = org.dccsim.gbcs.frame.GbcsFrameEncoder.encode(t.security.addMac(t.security.sign(apdu)));
        assertThat(t.sapc.receive(cmd)).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.MALFORMED_PAYLOAD)).isEqualTo(1);
        assertThat(t.sapc.controller(1).periods()).isEmpty();
    }

    @Test
    void garbageAndWrongRecipient_areRefusedQuietly() {
        assertThat(t.sapc.receive(new byte[] {1, 2, 3})).isEmpty();
        assertThat(t.esme.receive(t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, limit(30)))).isEmpty();
        assertThat(t.sapc.rejections(Rejection.Reason.MALFORMED_FRAME)).isEqualTo(1);
        assertThat(t.esme.rejections(Rejection.Reason.WRONG_RECIPIENT)).isEqualTo(1);
        assertThat(t.esme.securityLog()).hasSize(1);
    }

    @Test
    void unsupportedMessageCode_raisesEcs100CommandNotSupported() throws Exception {
        List<Outbound> out = t.sapc.receive(t.command(TestParties.SUPPLIER, TestParties.SAPC,
                new SupplyControl(SupplyControl.Action.DISABLE)));
        assertThat(out).hasSize(1);
        DeviceAlert a = DeviceAlerts.parse(decoder.decode(out.get(0).frame()).apdu()).orElseThrow();
        assertThat(a).isInstanceOf(DeviceAlert.CommandNotSupported.class);
        assertThat(((DeviceAlert.CommandNotSupported) a).rejectedMessageCode()).isEqualTo(0x0050);
        assertThat(t.esme.supplyOn(t.clock.now())).isTrue();
    }

    @Test
    void limitPeriodLongerThan24Hours_failsThatItemAndLaterOnesWithOtherReason() throws Exception {
        Instant now = t.clock.now();
        LimitApcLevel tooLong = new LimitApcLevel(AuxiliaryController.output(1), 30, CosemDateTime.ofInstant(now),
                CosemDateTime.ofInstant(now.plus(Duration.ofHours(25))));
        List<Outbound> out = t.sapc.receive(t.command(TestParties.LOAD_CONTROLLER, TestParties.SAPC, tooLong));
        assertThat(out).hasSize(1); // a response, no 8F86
        XdlmsApdu.AccessResponse r = (XdlmsApdu.AccessResponse) XdlmsCodec.decode(
                decoder.decode(out.get(0).frame()).apdu().content());
        assertThat(r.results()).extracting(XdlmsApdu.AccessResponseSpecification::result).containsExactly(0, 250, 250);
        assertThat(t.sapc.controller(1).periods()).isEmpty();
    }

    @Test
    void profileRead_byTheSupplier_isEncryptedForTheSupplierAndMaced() throws Exception {
        t.clock.advance(Duration.ofHours(3));
        byte[] cmd = t.command(TestParties.SUPPLIER, TestParties.ESME, new ReadProfile(ReadProfile.Kind.ACTIVE_IMPORT,
                TestSite.START, TestSite.START.plus(Duration.ofHours(2))));
        List<Outbound> out = t.esme.receive(cmd);
        assertThat(out).hasSize(1);
        var inspection = new org.dccsim.gbcs.inspect.MessageInspector(decoder, t.security).inspect(out.get(0).frame());
        assertThat(inspection.mac()).isEqualTo(Check.VALID);
        assertThat(inspection.decryptions()).hasSize(1);
        var profile = org.dccsim.gbcs.usecase.HalfHourProfile.parse(inspection.decryptions().get(0).plaintext());
        // Capture times in [00:00, 02:00], both ends included as in the RTDS (49 entries for a day): the 00:00
        // entry holds the half-hour before the range.
        assertThat(profile.entries()).hasSize(5);
        long inRange = profile.entries().subList(1, 5).stream().mapToLong(e -> e.value()).sum();
        long expected = t.esme.energy(TestSite.START, TestSite.START.plus(Duration.ofHours(2))).importWh();
        assertThat(inRange).isBetween(expected - 2, expected + 2);
    }

    private byte[] reMac(byte[] cmd, int flipAt) {
        try {
            GbcsMessage m = decoder.decode(cmd);
            byte[] apdu = org.dccsim.gbcs.frame.GbcsFrameEncoder.encodeApdu(m.apdu());
            apdu[flipAt] ^= 1;
            var tampered = decoder.decode(apdu).apdu();
            return org.dccsim.gbcs.frame.GbcsFrameEncoder.encode(t.security.addMac(tampered));
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            throw new AssertionError(e);
        }
    }
}

package org.dccsim.srv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Transform parity (DESIGN 3): a DUIS template and the RTDS message of the same name are the same request, so for every
 * template of a supported SRV with an RTDS counterpart, the head-end's path (plan, then transform) must give the RTDS
 * COMMAND (command variant 1, MAC included, with the RTDS ACB key) or PRECOMMAND (variant 4) byte for byte. Who sends
 * it (the user or the ACB) is the catalogue's decision, checked against the RTDS message, never taken from it; only the
 * ACB's own counter, which no request carries, comes from the RTDS.
 */
class TransformParityTest {
    /** The templates checked: a change in this number is a change in coverage, made on purpose. */
    static final int TEMPLATES_CHECKED = 153;
    /** SRVs whose templates carry re-issued certificates: checked with the RTDS's certificates, below. */
    static final java.util.Set<String> CERTIFICATES_ASIDE = CoverageGaps.TEMPLATES_WITH_REISSUED_CERTIFICATES;

    /** The DCC Boxed parties the templates come from, and the role each sends as. */
    static UserRole roleOf(Eui64 originator) {
        return switch (originator.toString()) {
            case "90B3D51F30010000" -> UserRole.SUPPLIER;
            case "90B3D51F30020000" -> UserRole.NETWORK_OPERATOR;
            case "90B3D51F30010008" -> UserRole.LOAD_CONTROLLER;
            default -> null;
        };
    }

    /**
     * The DSP's inventory for the devices DCC's templates address: the placeholders of GBCS-NOTES a.4 (A0 ESME, A1 GSME,
     * A2 CHF, A4 PPMID, A5 HCALCS) and the other devices the join templates name, typed as the RTDS's join commands
     * type them (9A an HCALCS, 93 an ESME).
     */
    static final DeviceDirectory RTDS_INVENTORY = new DeviceDirectory() {
        @Override
        public java.util.Optional<String> deviceType(Eui64 device) {
            return java.util.Optional.ofNullable(java.util.Map.of(
                    "00DB1234567890A0", "ESME", "00DB1234567890A1", "GSME", "00DB1234567890A2", "CHF", "00DB1234567890A4",
                    "PPMID", "00DB1234567890A5", "HCALCS", "00DB1234567890A6", "HCALCS", "00DB12345678909A", "HCALCS",
                    "00DB123456789093", "ESME").get(device.toString()));
        }

        /**
         * The DSP's backup of the hub 8.12.1's template replaces (00DB123456789095): the log the RTDS's CCS03 command
         * restores, read from that command, as the DSP would have taken it from the old hub's CCS07 answer.
         */
        @Override
        public java.util.Optional<org.dccsim.gbcs.usecase.ChfDeviceLog.Restore> hanLogBackup(Eui64 hub) {
            if (!hub.equals(Eui64.parse("00DB123456789095"))) {
                return java.util.Optional.empty();
            }
            try {
                byte[] wire = SharedData.hexFile(SharedData.rtds().resolve("8.12.1_CCS03/CCS03_8.12.1_SUCCESS_COMMAND_GBCS.HEX"));
                var request = (org.dccsim.gbcs.dlms.XdlmsApdu.AccessRequest) org.dccsim.gbcs.dlms.XdlmsCodec.decode(
                        new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(wire).apdu().content());
                var restore = (org.dccsim.gbcs.dlms.Data.Structure) request.data().get(0);
                List<org.dccsim.gbcs.usecase.ChfDeviceLog.RestoredDevice> devices = new ArrayList<>();
                for (org.dccsim.gbcs.dlms.Data d : ((org.dccsim.gbcs.dlms.Data.Array) restore.get(1)).elements()) {
                    var e = (org.dccsim.gbcs.dlms.Data.Structure) d;
                    devices.add(new org.dccsim.gbcs.usecase.ChfDeviceLog.RestoredDevice(
                            Eui64.fromBytes(((org.dccsim.gbcs.dlms.Data.OctetString) e.get(0)).value(), 0),
                            ((org.dccsim.gbcs.dlms.Data.OctetString) e.get(1)).value()));
                }
                return java.util.Optional.of(new org.dccsim.gbcs.usecase.ChfDeviceLog.Restore(
                        Eui64.fromBytes(((org.dccsim.gbcs.dlms.Data.OctetString) restore.get(0)).value(), 0), devices));
            } catch (Exception e) {
                throw new IllegalStateException("the RTDS CCS03 command does not read as a restore", e);
            }
        }
    };

    @Test
    void everySupportedTemplate_transformsToItsRtdsMessageByteForByte() throws Exception {
        Path templates = SharedData.require("reference/duis/templates");
        Path rtds = SharedData.rtds();
        GbcsSecurity acb = new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore()));
        DuisDocuments docs = DuisDocuments.withoutSchema();
        // 9.1's Customer Identification Number is the DCC's to choose: fixed to the RTDS ECS50 command's "1234".
        Transformer transformer = new Transformer(SrvCatalogue.standard(), RTDS_INVENTORY, () -> "1234");
        // 1.6's TWIN templates address the RTDS ESME as a twin-element meter: a fact of the inventory, which says so.
        Transformer twinTransformer = new Transformer(SrvCatalogue.standard(), new DeviceDirectory() {
            @Override
            public java.util.Optional<String> deviceType(Eui64 device) {
                return RTDS_INVENTORY.deviceType(device);
            }

            @Override
            public boolean twinElement(Eui64 esme) {
                return true;
            }
        }, () -> "1234");
        Map<String, int[]> bySrv = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int urpCertificatesAside = 0;
        List<String> unaccounted = new ArrayList<>();
        List<String> noRtdsMessage = new ArrayList<>();
        java.util.Set<String> gapUseCasesSeen = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(templates)) {
            for (Path t : files.sorted().toList()) {
                String name = t.getFileName().toString().replace("_REQUEST_DUIS.XML", "");
                byte[] template = Files.readAllBytes(t);
                ServiceRequest sr = ServiceRequest.read(docs.parse(template));
                Srv srv = transformer.catalogue().get(sr.serviceReferenceVariant()).orElse(null);
                String fileUseCase = name.substring(0, name.indexOf('_'));
                boolean electricityOrHub = fileUseCase.matches("(ECS|CS|CCS|DBCH).*");
                if (srv == null) {
                    // Every ESME, SAPC or hub template is transformed or accounted for: a non-device request the DSP
                    // answers itself, or an SRV the catalogue lacks with its reason.
                    if (electricityOrHub && sr.commandVariant() != 8 && CoverageGaps.srv(sr.serviceReferenceVariant()).isEmpty()) {
                        unaccounted.add(name + ": SRV " + sr.serviceReferenceVariant() + " is neither supported nor in CoverageGaps");
                    }
                    continue;
                }
                if (CoverageGaps.useCase(fileUseCase).isPresent()) {
                    gapUseCasesSeen.add(fileUseCase);
                    if (srv.useCases().stream().anyMatch(u -> srv.rtdsName(u).equals(fileUseCase))) {
                        unaccounted.add(name + ": " + fileUseCase + " is sent by the catalogue yet listed in CoverageGaps");
                    }
                    continue;
                }
                // The RTDS's name for the use case where it differs (8.1.1's ECS70 is ECS70Commission); 6.15.1's CS02g
                // and CS02b templates are checked below, certificates aside.
                String useCase = srv.useCases().stream().filter(u -> !CERTIFICATES_ASIDE.contains(srv.variant())
                        && srv.rtdsName(u).equals(fileUseCase))
                        .findFirst().orElse(null);
                if (useCase == null) {
                    boolean certificatesAside = CERTIFICATES_ASIDE.contains(srv.variant())
                            && srv.useCases().stream().anyMatch(u -> srv.rtdsName(u).equals(fileUseCase));
                    if (electricityOrHub && !certificatesAside) {
                        unaccounted.add(name + ": " + fileUseCase + " is neither sent for " + srv.variant()
                                + " nor in CoverageGaps");
                    }
                    continue; // a gas device's variant of the SRV (GCS..), or checked with the RTDS's certificates below
                }
                boolean critical = sr.commandVariant() == 4;
                Path expected = rtds.resolve(sr.serviceReferenceVariant() + "_" + fileUseCase)
                        .resolve(name + (critical ? "_PRECOMMAND_GBCS.HEX" : "_COMMAND_GBCS.HEX"));
                if (!Files.exists(expected)) {
                    noRtdsMessage.add(name);
                    continue;
                }
                checked++;
                byte[] theirs = SharedData.hexFile(expected);
                GeneralSigningApdu rtdsApdu = new GbcsFrameDecoder().decode(theirs).apdu();
                // Unknown Remote Party reads: the templates were uplifted with a re-issued KA certificate (same
                // key) that the RTDS 4.5.0 messages do not carry; give the template the RTDS's certificate.
                byte[] rtdsCert = rtdsApdu.otherInformation().supplementaryCertificate();
                if (rtdsCert != null && sr.body().child("KAPublicSecurityCredentials").isPresent()) {
                    String xml = new String(template, java.nio.charset.StandardCharsets.UTF_8).replaceAll(
                            "(<sr:KAPublicSecurityCredentials>)[^<]*(</sr:KAPublicSecurityCredentials>)",
                            "$1" + java.util.Base64.getEncoder().encodeToString(rtdsCert) + "$2");
                    sr = ServiceRequest.read(docs.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    urpCertificatesAside++;
                }
                byte[] ours;
                Transformer forDevice = name.contains("_TWIN_") ? twinTransformer : transformer;
                try {
                    Transformer.Plan plan = forDevice.plan(sr, roleOf(sr.requestId().originator()));
                    if (!plan.useCase().equals(useCase)) {
                        // 6.2.1's single and polyphase variants: the device's type decides, which a request does not say.
                        plan = new Transformer.Plan(plan.srv(), useCase, plan.byAcb(), plan.executeAt());
                    }
                    boolean rtdsByAcb = rtdsApdu.originator().equals(acb.accessControlBroker())
                            || rtdsApdu.originator().equals(Transformer.OnBehalf.BOXED_TRANSITIONAL_COS);
                    if (plan.byAcb() != rtdsByAcb) {
                        failures.add(name + ": the catalogue sends it " + (plan.byAcb() ? "as the ACB" : "as the user")
                                + ", the RTDS message " + (rtdsByAcb ? "as the ACB" : "as the user"));
                        bySrv.computeIfAbsent(sr.serviceReferenceVariant(), k -> new int[2])[1]++;
                        continue;
                    }
                    Transformer.Transformed out = forDevice.transform(sr, plan, plan.byAcb()
                            ? new Transformer.OnBehalf(acb.accessControlBroker(), rtdsApdu.originatorCounter()) : null);
                    if (out.acbSigns()) {
                        // The ACB signs it (8.7.2, 8.8.2), or the Transitional CoS party (6.23), with a random nonce: DCC's
                        // signature must verify with that party's key, and the rest of the message must be ours byte for byte.
                        GbcsMessage m = new GbcsFrameDecoder().decode(theirs);
                        if (acb.verifySignature(theirs, m) != org.dccsim.gbcs.crypto.Check.VALID) {
                            failures.add(name + ": the RTDS message's ACB signature does not verify");
                        }
                        theirs = GbcsFrameEncoder.encodeApdu(withoutSignature(rtdsApdu));
                        ours = GbcsFrameEncoder.encodeApdu(out.apdu());
                    } else {
                        ours = critical ? GbcsFrameEncoder.encodeApdu(out.apdu()) : GbcsFrameEncoder.encode(acb.addMac(out.apdu()));
                    }
                } catch (org.dccsim.duis.DuisException e) {
                    failures.add(name + ": " + e);
                    bySrv.computeIfAbsent(sr.serviceReferenceVariant(), k -> new int[2])[1]++;
                    continue;
                }
                boolean same = java.util.Arrays.equals(ours, theirs);
                bySrv.computeIfAbsent(sr.serviceReferenceVariant(), k -> new int[2])[same ? 0 : 1]++;
                if (!same) {
                    failures.add(name + ":\n  ours   " + Hex.encode(ours) + "\n  theirs " + Hex.encode(theirs));
                }
            }
        }
        System.out.println("Transform parity: " + (checked - failures.size()) + " of " + checked
                + " supported templates transform to their RTDS message byte for byte (" + urpCertificatesAside
                + " Unknown Remote Party reads given the RTDS's certificate); by SRV " + summary(bySrv));
        failures.forEach(f -> System.out.println("Transform parity MISMATCH " + f));
        System.out.println("Transform parity: templates with no RTDS message to compare: " + noRtdsMessage
                + "; use cases never sent, with their reasons in CoverageGaps: " + gapUseCasesSeen);
        assertThat(failures).isEmpty();
        assertThat(unaccounted).as("ESME, SAPC and hub templates neither transformed nor listed with a reason").isEmpty();
        assertThat(gapUseCasesSeen).as("CoverageGaps use cases that no template uses (stale reasons)")
                .containsExactlyInAnyOrderElementsOf(CoverageGaps.useCases().keySet());
        assertThat(checked).as("templates checked").isEqualTo(TEMPLATES_CHECKED);
    }

    /**
     * CS02g: the DUIS templates were uplifted with new Load Controller certificates that the RTDS 4.5.0 vectors
     * do not carry, so the certificates are taken from the RTDS message and everything else from the template:
     * header, roles, counter, execution time (immediate, future-dated, cancellation) must give the RTDS bytes.
     */
    @Test
    void cs02gAndCs02bTemplates_transformToTheRtdsMessageGivenTheRtdsCertificates() throws Exception {
        Path templates = SharedData.require("reference/duis/templates");
        int checked = 0;
        for (String name : List.of("CS02gLoadControllerBySupplier_6.15.1_IMMEDIATE_SUCCESS",
                "CS02gLoadControllerBySupplier_6.15.1_FUTURE_DATED_SUCCESS", "CS02gLoadControllerBySupplier_6.15.1_CANCELLATION_SUCCESS",
                "CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS", "CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS",
                "CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS", "CS02bNOByNO_6.15.1_SUCCESS",
                "CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS", "CS02bSupplierByTransCoS_6.23_FUTURE_DATED_SUCCESS",
                "CS02bSupplierByTransCoS_6.23_CANCELLATION_SUCCESS", "CS02bACBByACB_8.5_SUCCESS",
                "CS02bSupplierBySupplierHandover_6.21_SUCCESS", "CS02bNOByNOHandover_6.21_SUCCESS")) {
            ServiceRequest sr = ServiceRequest.read(DuisDocuments.withoutSchema().parse(
                    Files.readAllBytes(templates.resolve(name + "_REQUEST_DUIS.XML"))));
            Transformer transformer = new Transformer();
            String useCase = name.substring(0, name.indexOf('_'));
            String srv = sr.serviceReferenceVariant();
            // 6.23 goes out signed by the DCC's Transitional CoS party, 6.21 by the ACB (the holder of the cell it hands
            // over): their RTDS commands, less DCC's signature (whose nonce is random; it must verify with that
            // party's key), are what ours must be.
            boolean byTransitionalCoS = srv.equals("6.23");
            boolean dccSigns = byTransitionalCoS || srv.equals("6.21");
            // 8.5 goes out from the ACB in its own name, MACed and not signed: a command, not a pre-command.
            boolean byAcbMacOnly = srv.equals("8.5");
            byte[] rtds = SharedData.hexFile(SharedData.rtds().resolve(srv + "_" + useCase)
                    .resolve(name + (dccSigns || byAcbMacOnly ? "_COMMAND_GBCS.HEX" : "_PRECOMMAND_GBCS.HEX")));
            var rtdsMessage = new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(rtds);
            var rtdsApdu = rtdsMessage.apdu();
            Transformer.Plan plan = transformer.plan(sr, roleOf(sr.requestId().originator()));
            Transformer.Transformed ours = transformer.transform(sr, plan, plan.byAcb()
                    ? new Transformer.OnBehalf(org.dccsim.gbcs.crypto.GbcsSecurity.RTDS_ACB, rtdsApdu.originatorCounter()) : null);
            if (dccSigns) {
                GbcsSecurity rtdsKeys = new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore()));
                assertThat(rtdsKeys.verifySignature(rtds, rtdsMessage)).as(name).isEqualTo(org.dccsim.gbcs.crypto.Check.VALID);
                assertThat(ours.apdu().originator()).isEqualTo(byTransitionalCoS ? Transformer.OnBehalf.BOXED_TRANSITIONAL_COS
                        : org.dccsim.gbcs.crypto.GbcsSecurity.RTDS_ACB);
                assertThat(ours.acbSigns()).as("the DCC signs it").isTrue();
                rtds = GbcsFrameEncoder.encodeApdu(withoutSignature(rtdsApdu));
            }
            var theirs = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(rtdsApdu.content());
            var mine = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(ours.apdu().content());
            List<org.dccsim.gbcs.usecase.LoadControllerCredentials.Replacement> theirCertificates = new ArrayList<>();
            for (int i = 0; i < mine.replacements().size(); i++) {
                var m = mine.replacements().get(i);
                theirCertificates.add(new org.dccsim.gbcs.usecase.LoadControllerCredentials.Replacement(
                        theirs.replacements().get(i).certificate(), m.role(), m.usage(), m.cell()));
            }
            var withTheirCerts = new org.dccsim.gbcs.usecase.LoadControllerCredentials.Command(mine.mode(), mine.cpvTimeChecks(),
                    mine.authorisingRole(), mine.counter(), mine.remotePartyRole(), mine.floorSeqNumber(), mine.topUpFloor(),
                    theirCertificates, theirs.certificationPath(), mine.execution());
            var apdu = ours.apdu();
            var rebuilt = new org.dccsim.gbcs.frame.GeneralSigningApdu(apdu.cra(), apdu.originatorCounter(), apdu.originator(),
                    apdu.recipient(), apdu.dateTime(), apdu.otherInformation(),
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.encode(withTheirCerts), apdu.signature());
            if (byAcbMacOnly) {
                // The whole frame, the ACB's MAC included, is DCC's.
                GbcsSecurity rtdsKeys = new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore()));
                assertThat(ours.apdu().originator()).isEqualTo(org.dccsim.gbcs.crypto.GbcsSecurity.RTDS_ACB);
                assertThat(Hex.encode(GbcsFrameEncoder.encode(rtdsKeys.addMac(rebuilt)))).as(name).isEqualTo(Hex.encode(rtds));
            } else {
                assertThat(Hex.encode(GbcsFrameEncoder.encodeApdu(rebuilt))).as(name).isEqualTo(Hex.encode(rtds));
            }
            assertThat(mine.replacements()).as(name).hasSameSizeAs(theirs.replacements());
            checked++;
        }
        System.out.println("Transform parity: " + checked + " of 13 CS02g and CS02b (6.15.1, 6.21, 6.23, 8.5) templates match their RTDS "
                + "message, certificates aside (the templates carry re-issued ones)");
    }

    private static GeneralSigningApdu withoutSignature(GeneralSigningApdu a) {
        return new GeneralSigningApdu(a.cra(), a.originatorCounter(), a.originator(), a.recipient(), a.dateTime(),
                a.otherInformation(), a.content(), org.dccsim.gbcs.frame.SignatureField.ABSENT);
    }

    private static String summary(Map<String, int[]> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append('/').append(v[0] + v[1]).append("  "));
        return sb.toString().trim();
    }
}

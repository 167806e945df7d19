package org.dccsim.headend.transform;

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
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Transform parity (DESIGN 3): a DUIS template and the RTDS message of the same name are the same request, so
 * for every template with a supported SRV and an RTDS counterpart, our transform must give the RTDS COMMAND
 * (command variant 1, MAC included, with the RTDS ACB key) or PRECOMMAND (variant 4) byte for byte.
 */
class TransformParityTest {

    @Test
    void everySupportedTemplate_transformsToItsRtdsMessageByteForByte() throws Exception {
        Path templates = SharedData.require("reference/duis/templates");
        Path rtds = SharedData.rtds();
        GbcsSecurity acb = new GbcsSecurity(new DirectoryKeyStore(SharedData.rtdsKeystore()));
        DuisDocuments docs = DuisDocuments.withoutSchema();
        Transformer transformer = new Transformer();
        Map<String, int[]> bySrv = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int urpCertificatesAside = 0;
        try (Stream<Path> files = Files.list(templates)) {
            for (Path t : files.sorted().toList()) {
                String name = t.getFileName().toString().replace("_REQUEST_DUIS.XML", "");
                byte[] template = Files.readAllBytes(t);
                ServiceRequest sr = ServiceRequest.read(docs.parse(template));
                if (!Transformer.supports(sr.serviceReferenceVariant())) {
                    continue;
                }
                String useCase = name.substring(0, name.indexOf('_'));
                if (!Transformer.useCases(sr.serviceReferenceVariant()).contains(useCase)) {
                    continue; // a GSME/CHF variant of the SRV (GCS.., CS08): not an ESME/SAPC use case
                }
                boolean critical = sr.commandVariant() == 4;
                Path expected = rtds.resolve(sr.serviceReferenceVariant() + "_" + useCase)
                        .resolve(name + (critical ? "_PRECOMMAND_GBCS.HEX" : "_COMMAND_GBCS.HEX"));
                if (!Files.exists(expected)) {
                    continue;
                }
                checked++;
                byte[] theirs = SharedData.hexFile(expected);
                // Where the RTDS shows the DCC sending as the ACB on the user's behalf, the ACB's own counter is
                // not in the request; take it from the RTDS message and check everything else.
                org.dccsim.gbcs.frame.GeneralSigningApdu rtdsApdu = new org.dccsim.gbcs.frame.GbcsFrameDecoder()
                        .decode(theirs).apdu();
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
                Transformer.OnBehalf onBehalf = rtdsApdu.originator().equals(acb.accessControlBroker())
                        && !sr.requestId().originator().equals(acb.accessControlBroker())
                        ? new Transformer.OnBehalf(acb.accessControlBroker(), rtdsApdu.originatorCounter()) : null;
                Transformer.Transformed out;
                try {
                    out = transformer.transform(sr, useCase, onBehalf);
                } catch (org.dccsim.duis.DuisException e) {
                    failures.add(name + ": " + e);
                    bySrv.computeIfAbsent(sr.serviceReferenceVariant(), k -> new int[2])[1]++;
                    continue;
                }
                byte[] ours = critical ? GbcsFrameEncoder.encodeApdu(out.apdu())
                        : GbcsFrameEncoder.encode(acb.addMac(out.apdu()));
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
        assertThat(checked).isGreaterThan(20);
        assertThat(failures).isEmpty();
    }

    /**
     * CS02g: the DUIS templates were uplifted with new Load Controller certificates that the RTDS 4.5.0 vectors
     * do not carry, so the certificates are taken from the RTDS message and everything else from the template:
     * header, roles, counter, execution time (immediate, future-dated, cancellation) must give the RTDS bytes.
     */
    @Test
    void cs02gTemplates_transformToTheRtdsPreCommandGivenTheRtdsCertificates() throws Exception {
        Path templates = SharedData.require("reference/duis/templates");
        Path dir = SharedData.rtds().resolve("6.15.1_CS02gLoadControllerBySupplier");
        int checked = 0;
        for (String v : List.of("IMMEDIATE_SUCCESS", "FUTURE_DATED_SUCCESS", "CANCELLATION_SUCCESS")) {
            String name = "CS02gLoadControllerBySupplier_6.15.1_" + v;
            ServiceRequest sr = ServiceRequest.read(DuisDocuments.withoutSchema().parse(
                    Files.readAllBytes(templates.resolve(name + "_REQUEST_DUIS.XML"))));
            Transformer.Transformed ours = new Transformer().transform(sr);
            byte[] rtds = SharedData.hexFile(dir.resolve(name + "_PRECOMMAND_GBCS.HEX"));
            var rtdsApdu = new org.dccsim.gbcs.frame.GbcsFrameDecoder().decode(rtds).apdu();
            var theirs = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(rtdsApdu.content());
            var mine = org.dccsim.gbcs.usecase.LoadControllerCredentials.decode(ours.apdu().content());
            var withTheirCerts = new org.dccsim.gbcs.usecase.LoadControllerCredentials.Command(mine.authorisingRole(),
                    mine.counter(), mine.remotePartyRole(), mine.floorSeqNumber(), theirs.replacements(),
                    theirs.certificationPath(), mine.execution());
            var apdu = ours.apdu();
            var rebuilt = new org.dccsim.gbcs.frame.GeneralSigningApdu(apdu.cra(), apdu.originatorCounter(), apdu.originator(),
                    apdu.recipient(), apdu.dateTime(), apdu.otherInformation(),
                    org.dccsim.gbcs.usecase.LoadControllerCredentials.encode(withTheirCerts), apdu.signature());
            assertThat(Hex.encode(GbcsFrameEncoder.encodeApdu(rebuilt))).as(name).isEqualTo(Hex.encode(rtds));
            assertThat(mine.replacements()).hasSize(2);
            checked++;
        }
        System.out.println("Transform parity: " + checked + " of 3 CS02g (6.15.1) templates match their RTDS pre-command, "
                + "certificates aside");
    }

    private static String summary(Map<String, int[]> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append(' ').append(v[0]).append('/').append(v[0] + v[1]).append("  "));
        return sb.toString().trim();
    }
}

package org.dccsim.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.device.DeviceType;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.lab.junit.DccLab;
import org.junit.jupiter.api.Test;

/**
 * Over 2,000 generated hostile DUIS documents at the head-end's DUIS port, each with its expected outcome: truncated
 * and byte-flipped signed requests, broken headers, bodies that do not fit their SRV, XML attacks (DOCTYPE, entities,
 * depth, size, encodings), forged and replayed signatures, and requests outside the sender's rights. None may be
 * acknowledged (no I99, no I0), none may get a 5xx, no command may reach a device, and afterwards the untouched
 * original request, whose RequestID counter every mutant shares, is still accepted: nothing consumed its counter.
 */
@DccLab(sites = 2, vlps = 1, mix = "BATTERY=1")
class HostileDuisTest {
    private static final Set<String> REFUSALS = Set.of("E1", "E2", "E4", "E11", "E12", "E13", "E19");
    private static final long SEED = 0xD015L;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What came back for one document: HTTP status, and the DUIS response code where there is a signed response. */
    record Outcome(int status, String code) {
        @Override
        public String toString() {
            return status + (code == null ? "" : " " + code);
        }
    }

    private Outcome post(EmbeddedDcc dcc, DuisClient duis, String service, byte[] body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(dcc.duisBase() + "/api/v1/" + service))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            return new Outcome(r.statusCode(), null);
        }
        try {
            return new Outcome(200, duis.read(r.body()).code());
        } catch (DuisClientException e) {
            return new Outcome(200, "unsigned or unreadable response: " + e.getMessage());
        }
    }

    /** Every document sent, with what was expected of it and what came. */
    private final List<String> failures = new ArrayList<>();
    private int sent;

    private void expect(String what, Outcome got, Set<Integer> statuses, Set<String> codes) {
        sent++;
        boolean ok = statuses.contains(got.status()) && (got.status() != 200 || (got.code() != null && codes.contains(got.code())));
        if (!ok && failures.size() < 40) {
            failures.add(what + ": got " + got + ", expected HTTP " + statuses + (statuses.contains(200) ? " with " + codes : ""));
        }
    }

    private static double acknowledged(EmbeddedDcc dcc, HttpClient http) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(dcc.duisBase() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^dccsim_duis_requests_seconds_count\\{[^}]*code=\"(I0|I99)\"[^}]*} ([0-9.E]+)$")
                .matcher(metrics);
        double n = 0;
        while (m.find()) {
            n += Double.parseDouble(m.group(2));
        }
        return n;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void twoThousandHostileDocuments_noneAcknowledged_nothingConsumed(EmbeddedDcc dcc) throws Exception {
        Random rnd = new Random(SEED);
        ClientProfile.Client supplier = dcc.client("supplier");
        ClientProfile.Client vlp = dcc.client("vlp1");
        DuisClient duis = new DuisClient(URI.create(dcc.duisBase()), supplier.dspCertificates(), "hostile");
        Eui64 esme = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.ESME).findFirst().orElseThrow().eui();
        Eui64 sapc = dcc.fleet().devices().stream().filter(d -> d.type() == DeviceType.SAPC).findFirst().orElseThrow().eui();
        long counter = System.currentTimeMillis() + 10_000_000;
        RequestId id = new RequestId(supplier.eui(), esme, counter);
        XmlNode readBody = Bodies.empty("ReadInstantaneousImportRegisters");
        byte[] original = duis.sign(supplier.identity(), ServiceRequest.of(id, 1, "4.1.1", readBody).toDocument());
        double acknowledgedBefore = acknowledged(dcc, http);
        Set<Integer> unreadable = Set.of(400);
        Set<Integer> any = Set.of(200, 400);
        int declaration = text(original).indexOf("?>") + 2;

        // A. 400 truncations of the signed request: no longer XML.
        for (int i = 0; i < 400; i++) {
            int at = 1 + rnd.nextInt(original.length - 2);
            expect("truncated at " + at, post(dcc, duis, "serviceS", java.util.Arrays.copyOf(original, at)), unreadable, Set.of());
        }
        // B. 500 single-byte changes after the XML declaration: unreadable, or refused (the signature no longer holds).
        // The X509IssuerName text is left alone: it is not signed and, as DCC Boxed's signing tool names the issuer in
        // its own way, the signer is found by serial number alone; a changed issuer name is the same request.
        String t = text(original);
        int issuerFrom = t.indexOf("X509IssuerName>") + "X509IssuerName>".length();
        int issuerTo = t.indexOf("</", issuerFrom);
        for (int i = 0; i < 500; i++) {
            byte[] m = original.clone();
            int at;
            do {
                at = declaration + rnd.nextInt(m.length - declaration);
            } while (at >= issuerFrom && at < issuerTo);
            m[at] = (byte) (m[at] ^ (1 + rnd.nextInt(255)));
            expect("byte " + at + " changed", post(dcc, duis, "serviceS", m), any, REFUSALS);
        }
        // C. 260 broken headers, well-formed and signed: unreadable (400) or refused.
        String[] variants = {"0", "2", "3", "6", "9", "-1", "x", "", "99999999999", "1.0"};
        String[] srvs = {"4.1", "4.1.1.1", "99.9", "4.1.9", "", "x", "4.8.1", "7.16", "1.1.1", "6.15.2"};
        String[] ids = {"", "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-01-00-00:00-DB", "zz:yy:1",
            supplier.eui().dashed() + ":" + esme.dashed() + ":-5", supplier.eui().dashed() + ":" + esme.dashed() + ":abc",
            supplier.eui().dashed() + ":" + esme.dashed() + ":18446744073709551616"};
        for (int i = 0; i < 260; i++) {
            String cv = i % 3 == 0 ? variants[rnd.nextInt(variants.length)] : "1";
            String srv = i % 3 == 1 ? srvs[rnd.nextInt(srvs.length)] : "4.1.1";
            String rid = i % 3 == 2 ? ids[rnd.nextInt(ids.length)] : id.toString();
            String sr = srv.chars().filter(c -> c == '.').count() == 2 ? srv.substring(0, srv.lastIndexOf('.')) : srv;
            String xml = "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\" schemaVersion=\"5.4\"><sr:Header><sr:RequestID>"
                    + rid + "</sr:RequestID><sr:CommandVariant>" + cv + "</sr:CommandVariant><sr:ServiceReference>" + sr
                    + "</sr:ServiceReference><sr:ServiceReferenceVariant>" + srv + "</sr:ServiceReferenceVariant></sr:Header>"
                    + "<sr:Body><sr:ReadInstantaneousImportRegisters/></sr:Body></sr:Request>";
            byte[] signed = duis.sign(supplier.identity(), DuisDocuments.withoutSchema().parse(xml.getBytes(StandardCharsets.UTF_8)));
            expect("header cv=" + cv + " srv=" + srv + " rid=" + rid, post(dcc, duis, "serviceS", signed), any, REFUSALS);
        }
        // D. 250 bodies that do not fit their SRV, signed: E12 each.
        List<Supplier<ServiceRequest>> bodies = List.of(
            () -> ServiceRequest.of(id, 1, "4.1.1", XmlNode.element("Frobnicate")),
            () -> ServiceRequest.of(id, 1, "4.1.1", Bodies.empty("ReadFirmwareVersion")),
            () -> ServiceRequest.of(id, 1, "4.8.1", Bodies.readLog("ReadActiveImportProfileData",
                    Instant.parse("2026-06-02T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"), null)),
            () -> ServiceRequest.of(id, 1, "4.8.1", Bodies.readLog("ReadActiveImportProfileData",
                    Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"), null)),
            () -> ServiceRequest.of(id, 1, "4.8.1", Bodies.readLog("ReadActiveImportProfileData",
                    Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("9999-12-31T00:00:00Z"), null)),
            () -> ServiceRequest.of(id, 1, "4.8.1", XmlNode.element("ReadActiveImportProfileData")),
            () -> ServiceRequest.of(id, 1, "4.8.1", XmlNode.element("ReadActiveImportProfileData", XmlNode.element("ReadLogPeriod",
                    XmlNode.leaf("StartDateTime", "yesterday"), XmlNode.leaf("EndDateTime", "today")))),
            () -> ServiceRequest.of(id, 1, "7.4", XmlNode.element("ReadSupplyStatus", XmlNode.leaf("ExecutionDateTime",
                    "2030-01-01T00:00:00Z"))),
            () -> ServiceRequest.of(id, 1, "4.8.2", XmlNode.element("ReadReactiveImportProfileData",
                    Bodies.readLogPeriod(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-01T01:00:00Z")),
                    XmlNode.leaf("KAPublicSecurityCredentials", "AAAA"))),
            () -> ServiceRequest.of(id, 1, "6.12", XmlNode.element("UpdateDeviceConfigurationInstantaneousPowerThreshold",
                    XmlNode.leaf("LowMediumPowerThreshold", "-1"), XmlNode.leaf("MediumHighPowerThreshold", "10"))),
            () -> ServiceRequest.of(id, 1, "6.12", XmlNode.element("UpdateDeviceConfigurationInstantaneousPowerThreshold",
                    XmlNode.leaf("LowMediumPowerThreshold", "99999999999999"), XmlNode.leaf("MediumHighPowerThreshold", "10"))),
            () -> ServiceRequest.of(id, 1, "7.12", XmlNode.element("SetRandomisedOffsetLimit",
                    XmlNode.leaf("RandomisedOffsetLimit", "1800"))),
            () -> ServiceRequest.of(id, 4, "7.12", XmlNode.element("SetRandomisedOffsetLimit",
                    XmlNode.leaf("RandomisedOffsetLimit", String.valueOf(-1 - rnd.nextInt(100_000))))),
            () -> ServiceRequest.of(id, 1, "11.2", XmlNode.element("ReadFirmwareVersion",
                    XmlNode.leaf("ExecutionDateTime", "2126-01-01T00:00:00Z"))));
        for (int i = 0; i < 250; i++) {
            ServiceRequest sr = bodies.get(i % bodies.size()).get();
            byte[] signed = duis.sign(supplier.identity(), sr.toDocument());
            expect("body " + (i % bodies.size()) + " of " + sr.serviceReferenceVariant(),
                    post(dcc, duis, sr.commandVariant() == 4 ? "serviceT" : "serviceS", signed), Set.of(200), Set.of(DuisCodes.E12));
        }
        // E. 320 XML attacks: each refused before anything is read (400; 413 past the size limit).
        List<Supplier<byte[]>> attacks = new ArrayList<>();
        attacks.add(() -> ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\">&x;</sr:Request>").getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;"
                + "&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><r>&c;&c;&c;&c;</r>").getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\">%p;]><r/>")
                .getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\"/></r>")
                .getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("<a>".repeat(65 + rnd.nextInt(20_000)) + "</a>".repeat(1)).getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> {
            int depth = 65 + rnd.nextInt(5_000);
            return ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        });
        attacks.add(() -> ("<r a=\"" + "x".repeat(400_000) + "\"/>").getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> {
            byte[] b = new byte[1 + rnd.nextInt(2_000)];
            rnd.nextBytes(b);
            return b;
        });
        attacks.add(() -> new byte[0]);
        attacks.add(() -> "{\"json\": true}".getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("\uFEFF<r/>").getBytes(StandardCharsets.UTF_16));
        attacks.add(() -> ("<r>\u0000</r>").getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> "<?xml version=\"1.0\" encoding=\"EBCDIC-XYZ\"?><r/>".getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("<r><![CDATA[" + "]]>".repeat(3) + "</r>").getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> ("<sr:Request xmlns:sr=\"" + DuisDocuments.DUIS_NS + "\"><sr:Header/><sr:Body/></sr:Request>")
                .getBytes(StandardCharsets.UTF_8));
        attacks.add(() -> text(original).replace("sr:Request", "sr:Response").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 320; i++) {
            byte[] doc = attacks.get(i % attacks.size()).get();
            expect("XML attack " + (i % attacks.size()), post(dcc, duis, "serviceS", doc), Set.of(400), Set.of());
        }
        byte[] huge = ("<r>" + "x".repeat(DuisDocuments.MAX_DOCUMENT_BYTES) + "</r>").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5; i++) {
            expect("larger than the limit", post(dcc, duis, "serviceS", huge), Set.of(413), Set.of());
        }
        // F. 300 signature attacks.
        TestCertificates.Issued stranger = TestCertificates.selfSigned(supplier.eui(), TestCertificates.ROLE_XML_SIGN,
                java.math.BigInteger.valueOf(424242), new java.security.SecureRandom());
        DuisClient.Identity forged = new DuisClient.Identity(supplier.eui(), stranger.keys().getPrivate(), stranger.certificate());
        byte[] unsigned = DuisDocuments.serialise(ServiceRequest.of(id, 1, "4.1.1", readBody).toDocument());
        String signedText = text(original);
        for (int i = 0; i < 300; i++) {
            switch (i % 6) {
                case 0 -> expect("signed by a stranger", post(dcc, duis, "serviceS", duis.sign(forged,
                        ServiceRequest.of(id, 1, "4.1.1", readBody).toDocument())), any, REFUSALS);
                case 1 -> expect("unsigned", post(dcc, duis, "serviceS", unsigned), any, REFUSALS);
                case 2 -> expect("signed, then the SRV changed", post(dcc, duis, "serviceS",
                        signedText.replace("<sr:ServiceReferenceVariant>4.1.1", "<sr:ServiceReferenceVariant>4.1.2")
                                .replace("ReadInstantaneousImportRegisters", "ReadInstantaneousImportTOUMatrices")
                                .getBytes(StandardCharsets.UTF_8)), any, REFUSALS);
                case 3 -> expect("signed, then the counter changed", post(dcc, duis, "serviceS",
                        signedText.replace(":" + counter + "<", ":" + (counter + 1) + "<").getBytes(StandardCharsets.UTF_8)),
                        any, REFUSALS);
                case 4 -> expect("signed by the VLP in the supplier's name", post(dcc, duis, "serviceS",
                        duis.sign(vlp.identity(), ServiceRequest.of(id, 1, "4.1.1", readBody).toDocument())), any, REFUSALS);
                default -> {
                    RequestId unknown = new RequestId(Eui64.parse("90B3D51F300FFFFF"), esme, counter);
                    expect("from an unknown user", post(dcc, duis, "serviceS", duis.sign(supplier.identity(),
                            ServiceRequest.of(unknown, 1, "4.1.1", readBody).toDocument())), any, Set.of("E1", "E12"));
                }
            }
        }
        // G. 100 requests outside the sender's rights, signed properly.
        for (int i = 0; i < 100; i++) {
            long c = counter - 1 - i; // below the original's counter: refused before the counter check matters
            switch (i % 5) {
                case 0 -> expect("the VLP enabling supply", post(dcc, duis, "serviceT", duis.sign(vlp.identity(),
                        ServiceRequest.of(new RequestId(vlp.eui(), esme, c), 4, "7.1", Bodies.empty("EnableSupply"))
                                .toDocument())), Set.of(200), Set.of("E2"));
                case 1 -> expect("the supplier limiting an APC", post(dcc, duis, "serviceT", duis.sign(supplier.identity(),
                        ServiceRequest.of(new RequestId(supplier.eui(), sapc, c), 4, "7.16", Bodies.limitApcLevel(1,
                                dcc.now(), dcc.now().plusSeconds(3600), 20)).toDocument())), Set.of(200), Set.of("E2"));
                case 2 -> expect("to no such device", post(dcc, duis, "serviceS", duis.sign(supplier.identity(),
                        ServiceRequest.of(new RequestId(supplier.eui(), Eui64.parse("00DB0000DEADBEEF"), c), 1, "4.1.1",
                                readBody).toDocument())), Set.of(200), Set.of("E19"));
                case 3 -> expect("supply to a SAPC", post(dcc, duis, "serviceT", duis.sign(supplier.identity(),
                        ServiceRequest.of(new RequestId(supplier.eui(), sapc, c), 4, "7.1", Bodies.empty("EnableSupply"))
                                .toDocument())), Set.of(200), Set.of("E11"));
                default -> expect("a non-critical read through the transform service", post(dcc, duis, "serviceT",
                        duis.sign(supplier.identity(), ServiceRequest.of(id, 4, "4.1.1", readBody).toDocument())),
                        Set.of(200), Set.of("E12"));
            }
        }

        assertThat(failures).as("documents whose outcome was not the expected one").isEmpty();
        assertThat(sent).isGreaterThanOrEqualTo(2_000);
        assertThat(acknowledged(dcc, http)).as("nothing acknowledged").isEqualTo(acknowledgedBefore);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(dcc.duisBase() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // The original, never sent until now: its counter was not consumed by any mutant.
        assertThat(post(dcc, duis, "serviceS", original).code()).isEqualTo(DuisCodes.I99);
    }
}

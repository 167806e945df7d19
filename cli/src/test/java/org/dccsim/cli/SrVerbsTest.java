package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dccsim sr} end to end: the CLI's own main against {@code dccsim serve} (the RTDS/Boxed profile) running
 * in this JVM over real loopback HTTP and TCP, with real XML signatures and GBCS crypto; then the bad inputs,
 * each with its documented exit code and one line on stderr.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SrVerbsTest {
    static final String SAPC = "00DB1234567890A6";

    @TempDir
    static Path data;
    static Path shared;
    static Thread server;
    static StringWriter serverOut = new StringWriter();
    static String headend;

    @BeforeAll
    static void serve() throws Exception {
        shared = SharedData.require("rtds").getParent();
        server = new Thread(() -> Main.run(new String[] {"serve", "--shared", shared.toString(), "--data", data.toString(),
            "--duis-port", "0", "--wan-port", "0", "--smki-port", "0", "--start", "2026-06-01T00:00:00Z", "--speed", "1800", "--duration", "120",
            "--log-level", "off"},
                new PrintWriter(serverOut, true), new PrintWriter(new StringWriter(), true)), "dccsim-serve");
        server.setDaemon(true);
        server.start();
        Pattern url = Pattern.compile("DUIS on (http://127\\.0\\.0\\.1:\\d+)/api");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && !(serverOut.toString().contains("connected"))) {
            Thread.sleep(20);
        }
        Matcher m = url.matcher(serverOut.toString());
        assertThat(m.find()).as(serverOut.toString()).isTrue();
        headend = m.group(1);
        // Let two simulated hours pass so there is a profile to read.
        Thread.sleep(4_500);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.interrupt();
        }
    }

    private static CliRunner sr(String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "sr";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--headend", headend, "--shared", shared.toString(), "--data", data.toString()}, 0, all,
                args.length + 1, 6);
        return CliRunner.run(all);
    }

    @Test
    void readProfile_table_printsTheHalfHoursAndTheirTotal() {
        CliRunner r = sr("read-profile", SAPC, "--from", "2026-06-01T00:30:00Z", "--to", "2026-06-01T01:30:00Z");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("response I0").contains("(4.8.1, sent as supplier (90B3D51F30010000))")
                .contains("half-hour (start, UTC)").contains("2026-06-01T00:30:00Z").contains("2026-06-01T01:00:00Z")
                .doesNotContain("2026-06-01T01:30:00Z").contains("(2 half-hours)");
    }

    @Test
    void readProfile_exportAsJson_isSentByTheOtherUserAndParses() throws Exception {
        CliRunner r = sr("read-profile", SAPC, "--direction", "export", "--from", "2026-06-01T00:30:00Z", "--to",
                "2026-06-01T01:30:00Z", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("srv").asText()).isEqualTo("4.8.3");
        assertThat(j.get("user").asText()).isEqualTo(RtdsProfile.OTHER_USER);
        assertThat(j.get("responseCode").asText()).isEqualTo("I0");
        assertThat(j.get("profile")).hasSize(2);
        assertThat(j.get("profile").get(0).get("start").asText()).isEqualTo("2026-06-01T00:30:00Z");
        assertThat(j.get("gbcs").get("macValid").asBoolean()).isTrue();
    }

    @Test
    void prepayVerbs_adjustTheBalance_activateEmergencyCredit_addDebt_andReadPrepayShowsEachInPounds() throws Exception {
        String esme = "00DB1234567890A0";
        CliRunner adjust = sr("balance", esme, "--adjust", "12.50");
        assertThat(adjust.exitCode()).as(adjust.err()).isZero();
        assertThat(adjust.out()).contains("response I0").contains("(1.5, sent as supplier").contains("action success")
                .contains("signature valid");
        assertThat(sr("balance", esme, "--adjust", "-12.00").exitCode()).isZero();
        CliRunner credit = sr("emergency-credit", esme);
        assertThat(credit.exitCode()).as(credit.err()).isZero();
        CliRunner debt = sr("debt", esme, "--time-debt-1", "0.30", "--payment-debt", "0.5", "--per-payment", "10", "--rate-1", "3");
        assertThat(debt.exitCode()).as(debt.err()).isZero();

        CliRunner read = sr("read-prepay", esme, "--json");
        assertThat(read.exitCode()).as(read.err()).isZero();
        JsonNode balances = new ObjectMapper().readTree(read.out()).get("balancesMillipence");
        assertThat(balances.get("meter balance").asLong()).isEqualTo(50_000);
        assertThat(balances.get("emergency credit").asLong()).isEqualTo(500_000);
        assertThat(balances.get("time debt 1").asLong()).isEqualTo(30_000);
        assertThat(balances.get("payment debt").asLong()).isEqualTo(50_000);
        assertThat(sr("read-prepay", esme).out()).contains("meter balance     GBP 0.50");

        // Emergency credit already in use: the ESME refuses (other-reason, GBCS ECS09), exit 4.
        CliRunner again = sr("emergency-credit", esme);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.DEVICE_ERROR);
        assertThat(again.err()).contains("other-reason");
        // 1.2.1: prices at the finest scale that holds them; the ESME takes all four items.
        CliRunner prices = sr("prices", esme, "--standing-charge", "0.45", "--tou", "0.2421,0.1210");
        assertThat(prices.exitCode()).as(prices.err()).isZero();
        assertThat(prices.out()).contains("(1.2.1, sent as supplier").contains("set success, set success, set success, set success");
        assertThat(sr("prices", esme, "--standing-charge", "0.45", "--tou", "0.123456").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        // Bad amounts never reach the head-end.
        CliRunner bad = sr("balance", esme, "--adjust", "1.000001");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("finer than a millipenny");
        assertThat(sr("balance", esme).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(sr("debt", esme, "--per-payment", "101").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void cin_asTheOtherUser_printsTheFourDigitsTheEsmeShows_andASapcIsRefusedE11() throws Exception {
        CliRunner r = sr("cin", "00DB1234567890A0", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("srv").asText()).isEqualTo("9.1");
        assertThat(j.get("user").asText()).isEqualTo(RtdsProfile.OTHER_USER);
        assertThat(j.get("customerIdentificationNumber").asText()).matches("[0-9]{4}");
        assertThat(j.get("gbcs").get("useCase").asText()).isEqualTo("ECS50");
        assertThat(sr("cin", "00DB1234567890A0").out()).containsPattern("CIN      [0-9]{4} \\(on the consumer's display");

        CliRunner sapc = sr("cin", SAPC);
        assertThat(sapc.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(sapc.err()).contains("E11");
    }

    @Test
    void wanMatrix_byPostcodeAndByUprn_andNeitherIsBadInput() throws Exception {
        CliRunner r = sr("wan-matrix", "--postcode", "M22 0RR", "--address", "Threapwood Road");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("region North: coverage true, likelihood High");
        assertThat(sr("wan-matrix", "--uprn", "10023456789").out()).contains("region Unknown");
        assertThat(sr("wan-matrix").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void activateFirmware_runsTheImage_andReadFirmwareShowsItsVersion() throws Exception {
        String esme = "00DB1234567890A0";
        CliRunner r = sr("activate-firmware", esme, "--hash", "0123abcd" + "00".repeat(28));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("(11.3, sent as supplier").contains("signature valid");
        assertThat(sr("read-firmware", esme).out()).containsIgnoringCase("dccsim-0123ABCD");
        assertThat(sr("activate-firmware", esme, "--hash", "1234").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void limitApc_asTheLoadController_goesThroughTheCriticalFlowAndReports8F86() throws Exception {
        CliRunner r = sr("limit-apc", SAPC, "--level", "30", "--from", "2026-06-02T17:00:00Z", "--to", "2026-06-02T19:00:00Z");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("response I0").contains("(7.16, sent as load-controller (" + RtdsProfile.LOAD_CONTROLLER + "))")
                .contains("alert 8F86");
        CliRunner j = sr("limit-apc", SAPC, "--level", "40", "--from", "2026-06-03T17:00:00Z", "--to", "2026-06-03T19:00:00Z",
                "--json");
        assertThat(j.exitCode()).as(j.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(j.out());
        assertThat(tree.get("responseCode").asText()).isEqualTo("I0");
        assertThat(tree.get("alerts").findValuesAsText("alertCode")).contains("8F86");
    }

    @Test
    void installLcCredentials_withCertificatesTheCaDidNotSign_exitsFourAndTheDeviceKeepsItsLoadController() throws Exception {
        // The RTDS keystore's Load Controller certificates were not issued by the CA in the RTDS CS02g request.
        Path ca = certificateFromTemplate("CertificationPathCertificates>\\s*<sr:Certificate", "ca.der");
        Path keys = shared.resolve("rtds/keystore");
        CliRunner r = sr("install-lc-credentials", SAPC, "--ds-cert", keys.resolve("90b3d51f30010008-ds.pem").toString(),
                "--ka-cert", keys.resolve("90b3d51f30010008-ka.pem").toString(), "--ca-cert", ca.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.DEVICE_ERROR);
        assertThat(r.out()).contains("certificate replaced: status 10 (failed)");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("kept its Load Controller credentials");
        // Still the RTDS Load Controller's device.
        CliRunner limit = sr("limit-apc", SAPC, "--level", "50", "--from", "2026-06-04T17:00:00Z", "--to",
                "2026-06-04T18:00:00Z");
        assertThat(limit.exitCode()).as(limit.err()).isZero();
    }

    @Test
    void installLcCredentials_asJson_reportsEachCertificatesStatus() throws Exception {
        Path ca = certificateFromTemplate("CertificationPathCertificates>\\s*<sr:Certificate", "ca2.der");
        Path keys = shared.resolve("rtds/keystore");
        CliRunner r = sr("install-lc-credentials", SAPC, "--ds-cert", keys.resolve("90b3d51f30010008-ds.pem").toString(),
                "--ka-cert", keys.resolve("90b3d51f30010008-ka.pem").toString(), "--ca-cert", ca.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.DEVICE_ERROR);
        JsonNode tree = new ObjectMapper().readTree(r.out());
        assertThat(tree.get("srv").asText()).isEqualTo("6.15.1");
        assertThat(tree.get("user").asText()).isEqualTo(RtdsProfile.SUPPLIER);
        assertThat(tree.get("replaced").findValuesAsText("status")).containsExactly("10", "10");
    }

    /** Last: it replaces the SAPC's Load Controller, so the RTDS Load Controller's limits would be refused after. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void installLcCredentials_madeByKeysInit_areAcceptedByTheDevice() {
        Path pki = data.resolve("pki");
        assertThat(CliRunner.run("keys", "init", pki.toString(), "--devices", "0").exitCode()).isZero();
        CliRunner r = sr("install-lc-credentials", SAPC, "--ds-cert", pki.resolve("90b3d51f30010008-ds.pem").toString(),
                "--ka-cert", pki.resolve("90b3d51f30010008-ka.pem").toString(), "--ca-cert",
                pki.resolve("issuing-ca.pem").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("(6.15.1, sent as supplier (" + RtdsProfile.SUPPLIER + "))")
                .contains("certificate replaced: status 0 (success)").doesNotContain("failed")
                .as("the device's signature, checked with the key the simulated device signs with").contains("signature valid");
    }

    private static Path certificateFromTemplate(String before, String name) throws Exception {
        String xml = Files.readString(shared.resolve(
                "reference/duis/templates/CS02gLoadControllerBySupplier_6.15.1_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML"),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile(before + ">([^<]+)<").matcher(xml);
        assertThat(m.find()).isTrue();
        Path f = data.resolve(name);
        Files.write(f, Base64.getMimeDecoder().decode(m.group(1)));
        return f;
    }

    @Test
    void send_anRtdsRequestTemplate_signsItWithAFreshCounterAndPrintsTheDecodedAnswer() {
        Path template = shared.resolve("reference/duis/templates/ECS45_7.4_SUCCESS_REQUEST_DUIS.XML");
        CliRunner r = sr("send", template.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("(7.4, sent as supplier (" + RtdsProfile.SUPPLIER + "))").contains("items    get success").contains("checks   MAC valid");
        // A read verb says what it read, in words and units, and how its checks came out.
        CliRunner registers = sr("read-registers", "00DB1234567890A0");
        assertThat(registers.out()).containsPattern("active import +[0-9,]+\\.[0-9]{3} kWh").contains("checks   MAC valid");
        CliRunner firmware = sr("read-firmware", SAPC);
        assertThat(firmware.out()).containsPattern("firmware version [ -~]+");
        CliRunner again = sr("send", template.toString());
        assertThat(again.exitCode()).as("a second send gets its own counter").isZero();
    }

    @Test
    void supply_disableArmEnable_eachShowsInTheNextReadSupply() {
        String esme = "00DB1234567890A0";
        String[][] steps = {{"disable", "supply disconnected"}, {"arm", "supply armed"}, {"enable", "supply connected"}};
        for (String[] step : steps) {
            CliRunner change = sr("supply", step[0], esme);
            assertThat(change.exitCode()).as(change.err()).isZero();
            assertThat(change.out()).contains("sent as supplier (" + RtdsProfile.SUPPLIER + ")");
            CliRunner read = sr("read-supply", esme);
            assertThat(read.exitCode()).as(read.err()).isZero();
            // DUIS's matrix gives 7.4 to suppliers and network operators, not Other Users.
            assertThat(read.out()).as("after supply " + step[0]).contains("(7.4, sent as supplier (" + RtdsProfile.SUPPLIER + "))")
                    .contains(step[1]);
        }
    }

    @Test
    void readVerbs_eachAnswersI0WithAValidMac() {
        String[][] reads = {{"read-registers", "00DB1234567890A0"}, {"read-firmware", SAPC}, {"read-aux-config", SAPC},
            {"read-aux-state", SAPC}};
        for (String[] r : reads) {
            CliRunner run = sr(r[0], r[1]);
            assertThat(run.exitCode()).as(r[0] + ": " + run.err()).isZero();
            assertThat(run.out()).as(r[0]).contains("response I0").containsAnyOf("MAC           valid", "checks   MAC valid");
        }
    }

    @Test
    void configurationAndAuxiliaryLoadVerbs_reachTheEsmeAndSapc_andEveryItemSucceeds() {
        String esme = "00DB1234567890A0";
        String[][] runs = {
            {"set-load-limit", esme, "--threshold", "6900", "--period", "300", "--restoration", "30", "--disable-supply"},
            {"aux-load", "on", esme, "--switch", "2", "--minutes", "30"},
            {"aux-load", "off", esme, "--switch", "2", "--minutes", "0"},
            {"aux-load", "reset", esme, "--switch", "2"},
            {"read-alcs", esme},
            {"read-daily-log", esme, "--from", "2026-05-30T00:00:00Z", "--to", "2026-06-01T00:00:00Z"},
            {"set-aux-state", SAPC, "--controller", "1", "--level", "50", "--from", "2026-06-02T17:00:00Z", "--to",
                "2026-06-02T18:00:00Z"},
            {"read-credentials", SAPC, "--role", "Supplier,LoadController"}};
        for (String[] r : runs) {
            CliRunner run = sr(r);
            assertThat(run.exitCode()).as(String.join(" ", r) + ": " + run.err()).isZero();
            assertThat(run.out()).as(r[0]).contains("response I0");
        }
        CliRunner cells = sr("read-credentials", SAPC, "--json");
        assertThat(cells.exitCode()).as(cells.err()).isZero();
        assertThat(cells.out()).contains("\"party\":\"" + RtdsProfile.SUPPLIER + "\"").contains("\"usage\":\"signing\"");
        CliRunner bad = sr("aux-load", "sideways", esme, "--minutes", "5");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("on, off or reset");
        assertThat(sr("aux-load", "reset", esme, "--minutes", "5").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        CliRunner late = sr("set-aux-state", SAPC, "--level", "150", "--from", "2026-06-02T17:00:00Z", "--to", "2026-06-02T18:00:00Z");
        assertThat(late.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(late.err()).contains("--level must be 0 to 100");
    }

    /**
     * DCC Boxed's signing tool stamps requests with the time in milliseconds; sr's counters are milliseconds too, so a
     * Boxed-style request right after an sr call for the same user and device is accepted (microsecond counters, as sr
     * used before, would have locked it out with E12 for good).
     */
    @Test
    void aSigningToolStyleRequest_withAMillisecondCounter_isAcceptedRightAfterAnSrCall() throws Exception {
        String esme = "00DB1234567890A0";
        CliRunner r = sr("read-supply", esme, "--as", RtdsProfile.SUPPLIER);
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path boxed = shared.resolve("reference/duis/boxed-keys");
        var identity = new org.dccsim.duis.client.DuisClient.Identity(org.dccsim.gbcs.Eui64.parse(RtdsProfile.SUPPLIER),
                org.dccsim.gbcs.crypto.JcaPem.readPrivateKey(boxed.resolve("xml-sign-90B3D51F30010000-ds.key")),
                org.dccsim.gbcs.crypto.JcaPem.readCertificate(boxed.resolve("xml-sign-90B3D51F30010000-ds.pem")));
        var tool = org.dccsim.duis.client.DuisClient.untagged(java.net.URI.create(headend), java.util.List.of(
                org.dccsim.gbcs.crypto.JcaPem.readCertificate(boxed.resolve("dsp-xml-sign-90B3D51F30000002-ds.pem"))));
        Thread.sleep(5);
        var id = new org.dccsim.duis.RequestId(identity.eui(), org.dccsim.gbcs.Eui64.parse(esme), System.currentTimeMillis());
        var ack = tool.post("serviceS", identity, org.dccsim.duis.ServiceRequest.of(id, 1, "7.4",
                org.dccsim.duis.Bodies.empty("ReadSupplyStatus")));
        assertThat(ack.code()).isEqualTo("I99");
    }

    @Test
    void aDuisRefusal_exitsThreeWithTheCodeAndItsMeaning() {
        CliRunner r = sr("limit-apc", SAPC, "--as", RtdsProfile.SUPPLIER, "--level", "30", "--from", "2026-06-02T17:00:00Z",
                "--to", "2026-06-02T19:00:00Z");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("E2 (this role may not send this service request)");
    }

    @Test
    void anUnknownDevice_isRefusedWithE19() {
        CliRunner r = sr("read-profile", "00DB000000000099", "--from", "2026-06-01T00:30:00Z", "--to", "2026-06-01T01:30:00Z");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("E19 (no such device)");
    }

    @Test
    void anUnreachableHeadEnd_exitsSix() {
        CliRunner r = CliRunner.run("sr", "read-profile", SAPC, "--from", "2026-06-01T00:30:00Z", "--to", "2026-06-01T01:30:00Z",
                "--headend", "http://127.0.0.1:1", "--shared", shared.toString(), "--data", data.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("cannot reach the head-end at http://127.0.0.1:1");
    }

    @Test
    void badInput_eachGivesExitTwoAndOneLine() {
        CliRunner[] runs = {
            sr("read-everything", SAPC),
            sr("limit-apc", SAPC, "--from", "2026-06-02T17:00:00Z", "--to", "2026-06-02T19:00:00Z"),
            sr("read-profile", "00DB12345678", "--from", "2026-06-01T00:30:00Z", "--to", "2026-06-01T01:30:00Z"),
            sr("read-profile", SAPC, "--from", "2026-06-01T03:00:00Z", "--to", "2026-06-01T01:30:00Z"),
            sr("read-profile", SAPC, "--from", "yesterday", "--to", "2026-06-01T01:30:00Z"),
            sr("limit-apc", SAPC, "--level", "130", "--from", "2026-06-02T17:00:00Z", "--to", "2026-06-02T19:00:00Z"),
        };
        String[] says = {"read-everything", "--level", "device 00DB12345678", "is not before --to", "yesterday is not a time",
            "--level must be 0 to 100"};
        for (int i = 0; i < runs.length; i++) {
            assertThat(runs[i].exitCode()).as(says[i] + ": " + runs[i].err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(runs[i].err()).contains(says[i]);
            assertThat(runs[i].err()).doesNotContain("Exception");
        }
    }

    @Test
    void inventoryAndSchedules_readTheDevicesEntry_andCreateListAndDeleteADailyProfileRead() {
        CliRunner inv = sr("inventory", SAPC);
        assertThat(inv.exitCode()).as(inv.err()).isZero();
        assertThat(inv.out()).contains("00-DB-12-34-56-78-90-A6  HCALCS  Commissioned");
        CliRunner created = sr("schedule", "create", "--device", "00DB1234567890A0", "--srv", "4.8.1", "--start", "2026-06-02",
                "--time", "01:00");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher id = Pattern.compile("schedule (\\d+): 4\\.8\\.1 of 00-DB-12-34-56-78-90-A0, Daily at 01:00 UTC")
                .matcher(created.out());
        assertThat(id.find()).as(created.out()).isTrue();
        CliRunner listed = sr("schedule", "list", "--device", "00DB1234567890A0", "--json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("\"scheduleId\" : \"" + id.group(1) + "\"").contains("\"frequency\" : \"Daily\"");
        CliRunner notSchedulable = sr("schedule", "create", "--device", SAPC, "--srv", "7.16", "--start", "2026-06-02");
        assertThat(notSchedulable.exitCode()).isEqualTo(2);
        assertThat(notSchedulable.err()).contains("cannot be scheduled");
        CliRunner deleted = sr("schedule", "delete", "--id", id.group(1));
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        CliRunner gone = sr("schedule", "list", "--id", id.group(1));
        assertThat(gone.exitCode()).isEqualTo(3);
        assertThat(gone.err()).contains("E12");
    }
}

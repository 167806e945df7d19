package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VLP engineer's afternoon from an empty directory, over real HTTP with the CLI's own main and no other file or flag:
 * make a lab, serve it, install a Load Controller's new credentials on a SAPC (recorded, so later requests to it are
 * signed with the new key), limit all 20 of the VLP's SAPCs in one batch, move the clock, settle P375 from the meters;
 * then restart serve on the same lab: the device still trusts the new key (had it forgotten, it would drop the limit
 * signed with it), and the head-end still refuses pre-commands signed with the old one.
 */
class LabFlowTest {
    @TempDir
    Path dir;

    private static final class Serve implements AutoCloseable {
        final Thread thread;
        final StringWriter out = new StringWriter();
        final String headend;

        Serve(Path lab) throws Exception {
            thread = new Thread(() -> Main.run(new String[] {"serve", "--lab", lab.toString(), "--duis-port", "0", "--wan-port",
                "0", "--smki-port", "0", "--log-level", "off", "--duration", "300"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)),
                    "dccsim-serve");
            thread.setDaemon(true);
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !out.toString().contains("connected")) {
                Thread.sleep(20);
            }
            Matcher m = Pattern.compile("DUIS on (http://127\\.0\\.0\\.1:\\d+)/api").matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            headend = m.group(1);
        }

        @Override
        public void close() throws Exception {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void labInit_serve_installCredentials_batchLimit_settle_andARestartKeepsTheDevicesState() throws Exception {
        Path lab = dir.resolve("lab");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "20", "--vlps", "1");
        assertThat(init.exitCode()).as(init.err()).isZero();
        String sapc = Files.readAllLines(lab.resolve("devices.csv")).stream().filter(l -> l.contains(",SAPC,")).findFirst()
                .orElseThrow().split(",")[0];
        Path pki = dir.resolve("new-pki");
        assertThat(CliRunner.run("keys", "init", pki.toString(), "--devices", "0").exitCode()).isZero();
        try (Serve serve = new Serve(lab)) {
            String h = serve.headend;
            CliRunner install = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "install-lc-credentials", sapc,
                    "--ds-cert", pki.resolve("90b3d51f30010008-ds.pem").toString(), "--ka-cert",
                    pki.resolve("90b3d51f30010008-ka.pem").toString(), "--ca-cert", pki.resolve("issuing-ca.pem").toString());
            assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
            assertThat(install.out()).contains("status 0 (success)").contains("recorded: " + sapc);

            CliRunner batch = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "vlp1", "limit-apc", "--tag",
                    "vlp1", "--level", "20", "--from", "+1h", "--to", "+3h", "--concurrency", "8", "--json");
            assertThat(batch.exitCode()).as(batch.out() + batch.err()).isZero();
            JsonNode b = new ObjectMapper().readTree(batch.out());
            assertThat(b.get("devices").asInt()).isEqualTo(20);
            assertThat(b.get("ok").asInt()).isEqualTo(20);

            CliRunner jump = CliRunner.run("admin", "clock", "--lab", lab.toString(), "--headend", h, "--jump", "PT4H");
            assertThat(jump.exitCode()).as(jump.err()).isZero();
            CliRunner settle = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "settle", "--from", "now-4h", "--to",
                    "now", "--json");
            assertThat(settle.exitCode()).as(settle.err()).isZero();
            JsonNode periods = new ObjectMapper().readTree(settle.out()).get("periods");
            assertThat(periods).hasSize(20 * 8);
            for (JsonNode p : periods) {
                assertThat(p.get("primaryWh").asLong()).isEqualTo(p.get("boundaryWh").asLong() - p.get("assetsWh").asLong());
            }
            assertThat(periods.findValuesAsText("assetsWh")).anyMatch(v -> !v.equals("0"));
        }
        try (Serve again = new Serve(lab)) {
            assertThat(again.out.toString()).contains("with their state from the last run");
            CliRunner limit = CliRunner.run("sr", "--lab", lab.toString(), "--headend", again.headend, "--as", "vlp1", "limit-apc",
                    sapc, "--level", "30", "--from", "+1h", "--to", "+2h");
            assertThat(limit.exitCode()).as("signed with the installed key, which the restarted device still trusts: "
                    + limit.out() + limit.err()).isZero();
            // Forget the installed key: signed with vlp1's original key, the restarted head-end (which journalled the key the
            // device confirmed) refuses the pre-command before it reaches the device.
            Files.delete(lab.resolve("data/credentials.json"));
            CliRunner old = CliRunner.run("sr", "--lab", lab.toString(), "--headend", again.headend, "--as", "vlp1", "limit-apc",
                    sapc, "--level", "30", "--from", "+1h", "--to", "+2h", "--timeout", "5");
            assertThat(old.exitCode()).as(old.out() + old.err()).isEqualTo(ExitCodes.REFUSED);
            assertThat(old.err()).contains("E12");
        }
    }

    /**
     * A SAPC's life, rehearsed over real HTTP on a lab made with --uncommissioned: unknown to the DCC (E19) until
     * pre-notified (12.2, Pending); its ESME, installed (8.4), refused (E5) until commissioned and unreachable (E21)
     * until its hub's device log lists it; the SAPC added with 8.11 (hub-add: Whitelisted), installed (8.4),
     * commissioned (8.1.1), its VLP installed as Load Controller
     * (6.15.1), limited by that VLP and read; taken off the log (hub-remove) and unreachable again; back on it, joined
     * with its ESME (8.7.1, both sides) and unjoined by the DCC's ACB on the supplier's behalf (8.8.2); then
     * decommissioned (8.3), after which requests to it are refused (E5).
     */
    @Test
    void uncommissionedLab_sapcIsReachedOnlyOnceOnItsHubsLog_andCommissioned() throws Exception {
        Path lab = dir.resolve("fresh");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "1", "--vlps", "1", "--uncommissioned");
        assertThat(init.exitCode()).as(init.err()).isZero();
        // A short device timeout, so the unreachable cases answer E21 in seconds.
        Path config = lab.resolve("headend.yaml");
        Files.writeString(config, Files.readString(config).replaceAll("deviceTimeoutSeconds: \\d+", "deviceTimeoutSeconds: 2"));
        List<String> csv = Files.readAllLines(lab.resolve("devices.csv"));
        String esme = csv.stream().filter(l -> l.contains(",ESME,")).findFirst().orElseThrow().split(",")[0];
        String sapc = csv.stream().filter(l -> l.contains(",SAPC,")).findFirst().orElseThrow().split(",")[0];
        String hub = csv.stream().filter(l -> l.contains(",CHF,")).findFirst().orElseThrow().split(",")[0];
        Path pki = dir.resolve("vlp-pki");
        assertThat(CliRunner.run("keys", "init", pki.toString(), "--devices", "0").exitCode()).isZero();
        try (Serve serve = new Serve(lab)) {
            String h = serve.headend;
            CliRunner unknown = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", esme);
            assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(unknown.err()).contains("E19");
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", hub).out())
                    .as("the hub is the DCC's, commissioned when it reached the WAN").contains("CHF  Commissioned");
            CliRunner wrongType = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "prenotify",
                    sapc, "--type", "ESME");
            assertThat(wrongType.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(wrongType.err()).contains("E12");
            for (String[] d : new String[][] {{esme, "ESME"}, {sapc, "HCALCS"}}) {
                CliRunner pre = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "prenotify",
                        d[0], "--type", d[1]);
                assertThat(pre.exitCode()).as(pre.out() + pre.err()).isZero();
                assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", d[0]).out()).contains("  Pending");
                assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "prenotify", d[0],
                        "--type", d[1]).err()).as("pre-notified twice").contains("E12");
            }
            // The ESME is installed (8.4) before its hub lists it; the SAPC goes on the log first (8.11: Whitelisted).
            CliRunner installed = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier",
                    "set-status", esme, "InstalledNotCommissioned");
            assertThat(installed.exitCode()).as(installed.out() + installed.err()).isZero();
            CliRunner inventory = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", esme);
            assertThat(inventory.exitCode()).as(inventory.err()).isZero();
            assertThat(inventory.out()).contains("InstalledNotCommissioned");
            CliRunner refused = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "read-registers",
                    esme);
            assertThat(refused.exitCode()).isEqualTo(3);
            assertThat(refused.err()).contains("E5");

            CliRunner offLog = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "commission", esme);
            assertThat(offLog.exitCode()).as(offLog.out() + offLog.err()).isEqualTo(ExitCodes.TIMEOUT);
            assertThat(offLog.out() + offLog.err()).contains("E21");

            CliRunner add = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "hub-add", hub, sapc);
            assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
            CliRunner log = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "hub-log", hub);
            assertThat(log.out()).as(log.err()).contains("devices on the HAN (1): " + sapc);
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", sapc).out()).contains("  Whitelisted");
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "set-status", sapc,
                    "InstalledNotCommissioned").exitCode()).isZero();
            CliRunner commission = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "commission",
                    sapc);
            assertThat(commission.exitCode()).as(commission.out() + commission.err()).isZero();
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", sapc).out())
                    .contains("  Commissioned");
            CliRunner install = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "install-lc-credentials", sapc,
                    "--ds-cert", pki.resolve("90b3d51f30010008-ds.pem").toString(), "--ka-cert",
                    pki.resolve("90b3d51f30010008-ka.pem").toString(), "--ca-cert", pki.resolve("issuing-ca.pem").toString());
            assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
            CliRunner limit = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "vlp1", "limit-apc", sapc,
                    "--level", "20", "--from", "+1h", "--to", "+2h");
            assertThat(limit.exitCode()).as(limit.out() + limit.err()).isZero();
            CliRunner read = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "read-firmware", sapc);
            assertThat(read.exitCode()).as(read.out() + read.err()).isZero();

            CliRunner remove = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "hub-remove", hub,
                    sapc);
            assertThat(remove.exitCode()).as(remove.out() + remove.err()).isZero();
            CliRunner gone = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "read-firmware", sapc);
            assertThat(gone.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
            assertThat(gone.out() + gone.err()).contains("E21");

            // The ESME the same way: on the log with its own install code, then commissioned and read.
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "hub-add", hub, esme)
                    .exitCode()).isZero();
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "commission", esme)
                    .exitCode()).isZero();
            CliRunner registers = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier",
                    "read-registers", esme);
            assertThat(registers.exitCode()).as(registers.out() + registers.err()).isZero();
            assertThat(registers.out()).contains("active import");

            // Back on the log, the SAPC joins its ESME (8.7.1 to both sides), and the DCC's ACB unjoins it (8.8.2).
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "hub-add", hub, sapc)
                    .exitCode()).isZero();
            for (String[] pair : new String[][] {{esme, sapc}, {sapc, esme}}) {
                CliRunner join = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "join",
                        pair[0], pair[1]);
                assertThat(join.exitCode()).as(join.out() + join.err()).isZero();
                assertThat(join.out()).contains("result   0 (done)");
            }
            CliRunner joined = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "device-log", esme);
            assertThat(joined.out()).as(joined.err()).contains("joined with (1): " + sapc + " (HCALCS)");
            CliRunner unjoin = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "unjoin", sapc,
                    esme, "--non-critical");
            assertThat(unjoin.exitCode()).as(unjoin.out() + unjoin.err()).isZero();
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "device-log", sapc).out())
                    .contains("joined with (0)");

            CliRunner decommission = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier",
                    "decommission", sapc);
            assertThat(decommission.exitCode()).as(decommission.out() + decommission.err()).isZero();
            CliRunner after = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "vlp1", "read-firmware", sapc);
            assertThat(after.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(after.err()).contains("E5");

            // 8.5: the ESME opted out to another ACB (a key of the VLP's PKI stands in for the supplier's choice): it is
            // Withdrawn and refused E5 (8.4 cannot lift that). 8.6 opts it back in (InstalledNotCommissioned) with the
            // DCC's ACB certificates; its ACB cell still holds the other party, which takes none of the DCC's MACs:
            // 8.1.1 goes unanswered.
            CliRunner optOut = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "opt-out", esme,
                    "--ka-cert", pki.resolve("90b3d51f30000002-ka.pem").toString(), "--ca-cert",
                    pki.resolve("issuing-ca.pem").toString());
            assertThat(optOut.exitCode()).as(optOut.out() + optOut.err()).isZero();
            assertThat(optOut.out()).contains("the device is Withdrawn from the DCC");
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", esme).out()).contains("  Withdrawn");
            CliRunner withdrawn = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier",
                    "read-registers", esme);
            assertThat(withdrawn.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(withdrawn.err()).contains("E5");
            CliRunner lifted = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier",
                    "set-status", esme, "InstalledNotCommissioned");
            assertThat(lifted.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(lifted.err()).contains("E5");
            Path acb = dir.resolve("dcc-acb");
            CliRunner optIn = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "opt-in", esme,
                    "--type", "ESME", "--mpxn", "1312345678111", "--out", acb.toString());
            assertThat(optIn.exitCode()).as(optIn.out() + optIn.err()).isZero();
            assertThat(org.dccsim.gbcs.crypto.JcaPem.readCertificate(dir.resolve("dcc-acb-ka.pem")).getEncoded())
                    .isEqualTo(org.dccsim.gbcs.crypto.JcaPem.readCertificate(lab.resolve("pki/90b3d51f30000002-ka.pem"))
                            .getEncoded());
            assertThat(CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "inventory", esme).out())
                    .contains("  InstalledNotCommissioned");
            CliRunner outOfReach = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier",
                    "commission", esme);
            assertThat(outOfReach.exitCode()).as(outOfReach.out() + outOfReach.err()).isEqualTo(ExitCodes.TIMEOUT);
            CliRunner again = CliRunner.run("sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier", "opt-in", esme,
                    "--type", "ESME", "--mpxn", "1312345678111");
            assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(again.err()).as("not Withdrawn").contains("E5");
        }
    }

    /**
     * DUIS 6.21 over real HTTP: a lab made with {@code --dcc-controlled} starts with the DCC's ACB in its
     * ESME's supplier and network operator cells, so the supplier's read goes unanswered; after {@code sr handover}
     * (the ACB signs the CS02b as the cell's holder) the ESME answers the supplier. A supplier may not put itself in the
     * network operator's cell (E12); the network operator's certificates go there.
     */
    @Test
    void dccControlledEsme_answersItsSupplierOnlyAfterTheHandover() throws Exception {
        Path lab = dir.resolve("dcc-controlled");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "1", "--vlps", "1", "--dcc-controlled");
        assertThat(init.exitCode()).as(init.err()).isZero();
        String esme = Files.readAllLines(lab.resolve("devices.csv")).stream().filter(l -> l.contains(",ESME,")).findFirst()
                .orElseThrow().split(",")[0];
        assertThat(Files.readString(lab.resolve("fleet.yaml"))).contains("dccControlled: true");
        Path pki = lab.resolve("pki");
        try (Serve serve = new Serve(lab)) {
            String[] sr = {"sr", "--lab", lab.toString(), "--headend", serve.headend, "--as", "supplier"};
            CliRunner before = CliRunner.run(concat(sr, "--timeout", "3", "read-registers", esme));
            assertThat(before.exitCode()).as("the supplier holds no cell yet").isEqualTo(ExitCodes.TIMEOUT);
            CliRunner handover = CliRunner.run(concat(sr, "handover", esme, "--ds-cert",
                    pki.resolve("90b3d51f30010000-ds.pem").toString(), "--ka-cert", pki.resolve("90b3d51f30010000-ka.pem")
                            .toString(), "--ca-cert", pki.resolve("issuing-ca.pem").toString()));
            assertThat(handover.exitCode()).as(handover.out() + handover.err()).isZero();
            assertThat(handover.out()).contains("(6.21, ").contains("Supplier cell now 90B3D51F30010000");
            CliRunner after = CliRunner.run(concat(sr, "read-registers", esme));
            assertThat(after.exitCode()).as(after.out() + after.err()).isZero();
            assertThat(after.out()).contains("active import");

            CliRunner itself = CliRunner.run(concat(sr, "handover", esme, "--role", "NetworkOperator", "--ds-cert",
                    pki.resolve("90b3d51f30010000-ds.pem").toString(), "--ca-cert", pki.resolve("issuing-ca.pem").toString()));
            assertThat(itself.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(itself.err()).contains("E12");
            CliRunner networkOperator = CliRunner.run(concat(sr, "handover", esme, "--role", "NetworkOperator", "--ds-cert",
                    pki.resolve("90b3d51f30020000-ds.pem").toString(), "--ca-cert", pki.resolve("issuing-ca.pem").toString()));
            assertThat(networkOperator.exitCode()).as(networkOperator.out() + networkOperator.err()).isZero();
            assertThat(networkOperator.out()).contains("NetworkOperator cell now 90B3D51F30020000");
        }
    }

    /**
     * DUIS 8.12.1: a hub is replaced. The DCC restores the old hub's device log on the new one from the backup it took
     * when the old hub answered 8.9 with ReadSecurityDetails (CCS07); without a backup it refuses (E12). The new hub
     * then lists the old one's meters, their link keys intact, so they need no new install.
     */
    @Test
    void hubRestore_putsTheOldHubsBackedUpLogOnTheNewHub_andRefusesWithoutABackup() throws Exception {
        Path lab = dir.resolve("two-sites");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "2", "--vlps", "1");
        assertThat(init.exitCode()).as(init.err()).isZero();
        List<String> csv = Files.readAllLines(lab.resolve("devices.csv"));
        List<String> hubs = csv.stream().filter(l -> l.contains(",CHF,")).map(l -> l.split(",")[0]).toList();
        assertThat(hubs).hasSize(2);
        try (Serve serve = new Serve(lab)) {
            String h = serve.headend;
            String[] sr = {"sr", "--lab", lab.toString(), "--headend", h, "--as", "supplier"};
            CliRunner before = CliRunner.run(concat(sr, "hub-restore", hubs.get(1), "--old", hubs.get(0)));
            assertThat(before.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(before.err()).contains("E12");

            CliRunner oldLog = CliRunner.run(concat(sr, "hub-log", hubs.get(0)));
            assertThat(oldLog.exitCode()).as(oldLog.err()).isZero();
            String oldDevices = oldLog.out().lines().filter(l -> l.contains("devices on the HAN")).findFirst().orElseThrow();
            assertThat(oldDevices).as("the site's meters are on the old hub's log").doesNotContain("(0)");
            assertThat(CliRunner.run(concat(sr, "hub-log", hubs.get(1))).out()).doesNotContain(
                    oldDevices.substring(oldDevices.indexOf(':')));
            assertThat(CliRunner.run(concat(sr, "hub-log", hubs.get(0), "--security-details")).exitCode()).isZero();

            CliRunner restore = CliRunner.run(concat(sr, "hub-restore", hubs.get(1), "--old", hubs.get(0)));
            assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
            assertThat(restore.out()).contains("(8.12.1, sent as").contains("action success");
            // The hubs are dual band: the new one reports its sub-GHz channel (6.31, from the ACB on the supplier's behalf).
            CliRunner channel = CliRunner.run(concat(sr, "hub-channel", hubs.get(1)));
            assertThat(channel.exitCode()).as(channel.out() + channel.err()).isZero();
            assertThat(channel.out()).contains("(6.31, sent as").contains("channel  page 28, channel 0 of the page");
            CliRunner newLog = CliRunner.run(concat(sr, "hub-log", hubs.get(1)));
            assertThat(newLog.out()).as(newLog.err()).contains(oldDevices.substring(oldDevices.indexOf("devices on the HAN")));
        }
    }

    /**
     * CS14: a hub tells the DCC whenever its log changes, so the DCC's backup is current without an 8.9 read. A meter
     * removed from the old hub (8.11 Remove) is then also missing from the log 8.12.1 restores on the new hub.
     */
    @Test
    void hubRestore_afterAnAddOrRemove_usesTheBackupCs14Kept_withoutReadingTheLog() throws Exception {
        Path lab = dir.resolve("cs14");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "2", "--vlps", "1");
        assertThat(init.exitCode()).as(init.err()).isZero();
        List<String> csv = Files.readAllLines(lab.resolve("devices.csv"));
        List<String> hubs = csv.stream().filter(l -> l.contains(",CHF,")).map(l -> l.split(",")[0]).toList();
        try (Serve serve = new Serve(lab)) {
            String[] sr = {"sr", "--lab", lab.toString(), "--headend", serve.headend, "--as", "supplier"};
            String listed = CliRunner.run(concat(sr, "hub-log", hubs.get(0))).out();
            String meter = java.util.regex.Pattern.compile("00DB[0-9A-F]{12}").matcher(listed).results()
                    .map(java.util.regex.MatchResult::group).filter(e -> !e.equals(hubs.get(0))).findFirst().orElseThrow();
            CliRunner removed = CliRunner.run(concat(sr, "hub-remove", hubs.get(0), meter));
            assertThat(removed.exitCode()).as(removed.out() + removed.err()).isZero();

            CliRunner restore = CliRunner.run(concat(sr, "hub-restore", hubs.get(1), "--old", hubs.get(0)));
            assertThat(restore.exitCode()).as("the backup CS14 kept: " + restore.out() + restore.err()).isZero();
            String restored = CliRunner.run(concat(sr, "hub-log", hubs.get(1))).out();
            assertThat(restored).doesNotContain(meter);
        }
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}

package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9, for real: the head-end and the devices each run as a child JVM ({@code dccsim headend --lab},
 * {@code dccsim devices --lab}) and are killed with SIGKILL in the middle of a burst of requests, then started again on
 * the same data. What a user was told (I99) must hold: every acknowledged request is answered exactly once, RequestID
 * counters survive (a replay is still refused), a request future dated before the crash runs after it, answers held
 * for the user are delivered; and devices come back with the state they acknowledged.
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code dccsim ARGS} in a child JVM on this test's class path, its output in {@code log}. */
    private Process dccsim(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.dccsim.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        children.add(p);
        return p;
    }

    private String health(String base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Four sites, each an ESME, a SAPC and the communications hub they are reached through. */
    private static final int DEVICES = 12;

    /** Waits until the head-end answers /health with every device connected. */
    private void awaitHealthy(String base, int devices, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String h = null;
        while (System.nanoTime() < deadline) {
            h = health(base);
            if (h != null && h.contains("\"devicesConnected\":" + devices + ",")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the head-end never had " + devices + " devices connected: " + h + "\n" + Files.readString(log));
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hooks, no flush
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    /** Polls until every id in {@code expected} has an answer or the deadline passes; counts answers per RequestID. */
    private static Map<String, List<String>> collect(DuisClient duis, ClientProfile.Client who, Set<String> expected,
            Map<String, List<String>> answers, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        List<Long> acks = new ArrayList<>();
        while (!answers.keySet().containsAll(expected) && System.nanoTime() < deadline) {
            List<DuisClient.Delivered> got;
            try {
                got = duis.poll(who.identity(), Duration.ofSeconds(2), 100, acks, true);
            } catch (DuisClientException e) {
                Thread.sleep(200); // the head-end is restarting
                continue;
            }
            acks = new ArrayList<>();
            for (DuisClient.Delivered d : got) {
                acks.add(d.seq());
                DuisResponse r = d.response();
                if (r.requestId() != null) {
                    answers.computeIfAbsent(r.requestId(), k -> new ArrayList<>()).add(r.code());
                }
            }
        }
        if (!acks.isEmpty()) {
            duis.poll(who.identity(), Duration.ZERO, 0, acks, true);
        }
        return answers;
    }

    @Test
    void killedHeadEndAndDevices_restartWithNothingAcknowledgedLostOrDuplicated() throws Exception {
        int duisPort = freePort();
        int wanPort = freePort();
        Path lab = dir.resolve("lab");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "4", "--vlps", "1", "--mix", "BATTERY=1",
                "--duis-port", String.valueOf(duisPort), "--wan-port", String.valueOf(wanPort));
        assertThat(init.exitCode()).as(init.err()).isZero();
        // Answers to commands lost in the crash come back as E21 once their deadline passes: keep it short.
        Path config = lab.resolve("headend.yaml");
        Files.writeString(config, Files.readString(config).replaceAll("deviceTimeoutSeconds: \\d+", "deviceTimeoutSeconds: 4"));
        Path headendLog = dir.resolve("headend.log");
        Path devicesLog = dir.resolve("devices.log");
        String base = "http://127.0.0.1:" + duisPort;

        Process headend = dccsim(headendLog, "headend", "--lab", lab.toString(), "--smki-port", "-1", "--log-level", "info");
        Process devices = dccsim(devicesLog, "devices", "--lab", lab.toString());
        awaitHealthy(base, DEVICES, headendLog);

        Lab l = Lab.open(lab);
        ClientProfile.Client supplier = l.client("supplier");
        ClientProfile.Client vlp = l.client("vlp1");
        List<Eui64> esmes = new ArrayList<>();
        List<Eui64> sapcs = new ArrayList<>();
        for (String line : Files.readAllLines(l.devicesFile())) {
            if (line.contains(",SAPC,") || line.contains(",ESME,")) {
                (line.contains(",SAPC,") ? sapcs : esmes).add(Eui64.parse(line.split(",")[0]));
            }
        }
        DuisClient duis = new DuisClient(URI.create(base), supplier.dspCertificates(), "crash-test");

        // ---- the head-end dies mid-burst ----
        // A read future dated before the crash, due about when the head-end is back: if its device has not reconnected
        // yet, the head-end waits for it (HeadEnd.RECONNECT_GRACE) rather than answering E20.
        Instant due = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
        RequestId futureDated = duis.submit(supplier.identity(), esmes.get(0), "4.8.1", XmlNode.element(
                "ReadActiveImportProfileData", XmlNode.leaf("ExecutionDateTime", due.toString()),
                Bodies.readLogPeriod(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS),
                        Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS))), false, null);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        acknowledged.add(futureDated.toString());
        AtomicBoolean stop = new AtomicBoolean();
        Map<RequestId, XmlNode> bodies = new ConcurrentHashMap<>();
        Thread burst = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                XmlNode body = Bodies.empty("ReadInstantaneousImportRegisters");
                try {
                    RequestId id = duis.submit(supplier.identity(), esmes.get(i % esmes.size()), "4.1.1", body, false, null);
                    acknowledged.add(id.toString());
                    bodies.put(id, body);
                } catch (DuisClientException e) {
                    // refused or unreachable: the head-end is dead; nothing was acknowledged
                }
            }
        }, "burst");
        burst.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        kill(headend);
        stop.set(true);
        burst.join(30_000);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(40);

        headend = dccsim(headendLog, "headend", "--lab", lab.toString(), "--smki-port", "-1", "--log-level", "info");
        awaitHealthy(base, DEVICES, headendLog);
        // Counters survived: the same RequestID again is a replay.
        Map.Entry<RequestId, XmlNode> old = bodies.entrySet().iterator().next();
        assertThat(duis.post("serviceS", supplier.identity(), ServiceRequest.of(old.getKey(), 1, "4.1.1", old.getValue()))
                .code()).isEqualTo(DuisCodes.E12);

        Map<String, List<String>> answers = collect(duis, supplier, acknowledged, new HashMap<>(), Duration.ofSeconds(60));
        assertThat(answers.keySet()).as("every acknowledged request answered; head-end log:\n%s\njournal:\n%s",
                Files.readString(headendLog), String.join("\n", Files.readAllLines(lab.resolve("data/headend.journal")).stream()
                        .filter(x -> x.contains(futureDated.toString())).map(x -> x.length() > 300 ? x.substring(0, 300) : x)
                        .toList())).containsAll(acknowledged);
        assertThat(answers).allSatisfy((id, codes) -> assertThat(codes).as("answers to " + id).hasSize(1));
        assertThat(answers.get(futureDated.toString())).containsExactly(DuisCodes.I0);
        assertThat(answers.values().stream().filter(c -> c.get(0).equals(DuisCodes.I0)).count())
                .as("most were answered by the devices (the rest E21, lost with the head-end)").isGreaterThan(acknowledged.size() / 2);

        // ---- the devices die while the VLP limits its assets ----
        DuisClient vlpDuis = new DuisClient(URI.create(base), vlp.dspCertificates(), "crash-test-vlp");
        GbcsSecurity vlpKeys = new GbcsSecurity(vlp.gbcsKeys());
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Set<String> limits = ConcurrentHashMap.newKeySet();
        for (Eui64 sapc : sapcs) {
            limits.add(vlpDuis.submit(vlp.identity(), sapc, "7.16", Bodies.limitApcLevel(1, from, from.plus(Duration.ofHours(2)),
                    20), true, vlpKeys).toString());
        }
        Map<String, List<String>> limited = collect(vlpDuis, vlp, limits, new HashMap<>(), Duration.ofSeconds(30));
        kill(devices);
        assertThat(limited.keySet()).containsAll(limits);
        // Each SAPC saved the limit before it answered I0: the state files hold it.
        for (Eui64 sapc : sapcs) {
            Path state = lab.resolve("data").resolve("devices").resolve(sapc.fileStem() + ".json");
            assertThat(Files.readString(state)).as("saved state of " + sapc).contains("\"level\":20");
        }

        devices = dccsim(devicesLog, "devices", "--lab", lab.toString());
        awaitHealthy(base, DEVICES, headendLog);
        assertThat(Files.readString(devicesLog)).contains("8 with their state from the last run");
        // The restarted devices still take the VLP's commands (their replay counters came back, not reset).
        Set<String> again = ConcurrentHashMap.newKeySet();
        for (Eui64 sapc : sapcs) {
            again.add(vlpDuis.submit(vlp.identity(), sapc, "7.16", Bodies.limitApcLevel(1, from, from.plus(Duration.ofHours(1)),
                    30), true, vlpKeys).toString());
        }
        Map<String, List<String>> second = collect(vlpDuis, vlp, again, new HashMap<>(), Duration.ofSeconds(30));
        assertThat(again).allSatisfy(id -> assertThat(second.get(id)).containsExactly(DuisCodes.I0));
    }
}

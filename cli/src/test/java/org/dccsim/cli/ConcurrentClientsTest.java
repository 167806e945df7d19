package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.gbcs.Eui64;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several clients of one DCC User at once against {@code dccsim serve --lab}: four {@code dccsim sr} processes (real
 * child JVMs, each a batch of 25 Limit APC Level requests) and four raw DUIS clients in this JVM (25 firmware reads
 * each; three tag their requests, one is untagged like a tool that knows nothing of dccsim), 200 requests in all,
 * all as vlp1, all at the same time. Every client must get exactly the answers to its own requests: none missing, none
 * of another's, none twice.
 */
class ConcurrentClientsTest {
    static final int PER_CLIENT = 25;

    @TempDir
    static Path dir;
    static Path lab;
    static Thread server;
    static String headend;
    static final StringWriter serverOut = new StringWriter();

    @BeforeAll
    static void serve() throws Exception {
        lab = dir.resolve("lab");
        CliRunner init = CliRunner.run("lab", "init", lab.toString(), "--sites", "200", "--vlps", "1", "--mix", "BATTERY=1");
        assertThat(init.exitCode()).as(init.err()).isZero();
        server = new Thread(() -> Main.run(new String[] {"serve", "--lab", lab.toString(), "--duis-port", "0", "--wan-port", "0",
            "--smki-port", "0", "--log-level", "off", "--duration", "300"}, new PrintWriter(serverOut, true), new PrintWriter(new StringWriter(), true)),
                "dccsim-serve");
        server.setDaemon(true);
        server.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !serverOut.toString().contains("connected")) {
            Thread.sleep(20);
        }
        Matcher m = Pattern.compile("DUIS on (http://127\\.0\\.0\\.1:\\d+)/api").matcher(serverOut.toString());
        assertThat(m.find()).as(serverOut.toString()).isTrue();
        headend = m.group(1);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.interrupt();
        }
    }

    /** What a client sent and what came back to it. */
    record Exchange(String client, Set<String> sent, List<String> answered) {
    }

    @Test
    void eightClientsOfOneUser_eachGetExactlyTheirOwnAnswers() throws Exception {
        List<Eui64> sapcs = new ArrayList<>();
        for (String line : Files.readAllLines(Lab.open(lab).devicesFile())) {
            if (line.contains(",SAPC,") && sapcs.size() < 200) {
                sapcs.add(Eui64.parse(line.split(",")[0]));
            }
        }
        assertThat(sapcs).hasSize(200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Exchange>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            List<Eui64> mine = sapcs.subList(c * PER_CLIENT, (c + 1) * PER_CLIENT);
            int n = c;
            clients.add(pool.submit(() -> srProcess("sr-" + n, mine)));
        }
        ClientProfile.Client vlp = Lab.open(lab).client("vlp1");
        for (int c = 0; c < 4; c++) {
            List<Eui64> mine = sapcs.subList(100 + c * PER_CLIENT, 100 + (c + 1) * PER_CLIENT);
            DuisClient duis = c == 3 ? DuisClient.untagged(URI.create(headend), vlp.dspCertificates())
                    : new DuisClient(URI.create(headend), vlp.dspCertificates(), "raw-" + c);
            String name = c == 3 ? "raw-untagged" : "raw-" + c;
            clients.add(pool.submit(rawClient(name, duis, vlp, mine)));
        }
        int total = 0;
        for (Future<Exchange> f : clients) {
            Exchange e = f.get(240, TimeUnit.SECONDS);
            assertThat(e.sent()).as(e.client() + " sent").hasSize(PER_CLIENT);
            assertThat(e.answered()).as(e.client() + ": its own answers, each once, nothing of another's")
                    .containsExactlyInAnyOrderElementsOf(e.sent());
            total += e.answered().size();
        }
        pool.shutdownNow();
        assertThat(total).isEqualTo(8 * PER_CLIENT);
    }

    /** A dccsim sr child process: a batch of limits to its own 25 SAPCs; its JSON lists each request and its answer. */
    private static Exchange srProcess(String name, List<Eui64> devices) throws Exception {
        Path list = dir.resolve(name + ".txt");
        Files.write(list, devices.stream().map(Eui64::toString).toList());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "sr", "--lab", lab.toString(), "--headend", headend,
                "--as", "vlp1", "limit-apc", "--devices", list.toString(), "--level", "20", "--from", "+1h", "--to", "+2h",
                "--concurrency", "5", "--json").redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(200, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(name + ": " + err).isZero();
        JsonNode j = new ObjectMapper().readTree(out);
        Set<String> sent = new HashSet<>();
        List<String> answered = new ArrayList<>();
        for (JsonNode r : j.get("results")) {
            sent.add(r.get("device").asText());
            if ("I0".equals(r.get("code").asText()) && "ok".equals(r.get("result").asText())) {
                answered.add(r.get("device").asText());
            }
            assertThat(r.get("alerts").toString()).as(name + " " + r.get("device")).contains("8F86");
        }
        return new Exchange(name, sent, answered);
    }

    /** A raw DUIS client in this JVM: firmware reads (11.2) to its own 25 SAPCs, then polls until it has its answers. */
    private static Callable<Exchange> rawClient(String name, DuisClient duis, ClientProfile.Client vlp, List<Eui64> devices) {
        return () -> {
            Set<String> sent = new HashSet<>();
            for (Eui64 d : devices) {
                RequestId id = duis.submit(vlp.identity(), d, "11.2", Bodies.empty("ReadFirmwareVersion"), false, null);
                sent.add(id.toString());
            }
            List<String> answered = new ArrayList<>();
            List<Long> acks = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (answered.size() < sent.size() && System.nanoTime() < deadline) {
                List<DuisClient.Delivered> got = duis.poll(vlp.identity(), Duration.ofSeconds(2), 50, acks, true);
                acks.clear();
                for (DuisClient.Delivered d : got) {
                    acks.add(d.seq());
                    if (!d.response().isAlert()) {
                        assertThat(d.response().code()).as(name).isEqualTo(DuisCodes.I0);
                        answered.add(d.response().requestId());
                    }
                }
            }
            // Anything more that arrives now would be someone else's: give it a moment to show up.
            List<DuisClient.Delivered> late = duis.poll(vlp.identity(), Duration.ofSeconds(1), 50, acks, true);
            late.stream().filter(d -> !d.response().isAlert()).forEach(d -> answered.add(d.response().requestId()));
            duis.poll(vlp.identity(), Duration.ZERO, 0, late.stream().map(DuisClient.Delivered::seq).toList(), true);
            return new Exchange(name, sent, answered);
        };
    }
}

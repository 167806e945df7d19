package org.dccsim.headend.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.gateway.Delivery;
import org.dccsim.headend.users.DccUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final Eui64 USER = Eui64.parse("90B3D51F30010008");
    private static final Eui64 DEVICE = Eui64.parse("00DB1234567890A6");

    @TempDir
    Path dir;

    private static final Eui64 HUB = Eui64.parse("00DB300000000000");
    private static final Eui64 OTHER_HUB = Eui64.parse("00DB300000000001");

    @Test
    void state_survivesARestartAndACompaction() throws Exception {
        Path file = dir.resolve("headend.journal");
        long acb;
        try (Journal j = Journal.open(file)) {
            assertThat(j.advanceCounter(USER + ":" + DEVICE, 5000)).isNull();
            assertThat(j.advanceCounter(USER + ":" + DEVICE, 5001)).isNull();
            assertThat(j.advanceCounter(USER + ":" + DEVICE, 5001)).as("not above the last: refused").isEqualTo(5001);
            acb = j.nextAcbCounter();
            j.issued(new Journal.Issued("id-1", "7.16", "7.16", "ECS47e", new byte[] {(byte) 0xDF, 1, 2}));
            j.issued(new Journal.Issued("id-2", "7.16", "7.16", "ECS47e", new byte[] {(byte) 0xDF, 3}));
            assertThat(j.sent("id-1")).isTrue();
            assertThat(j.sent("id-1")).as("a pre-command is used once").isFalse();
            Journal.Held first = j.hold(USER, "<a/>".getBytes(StandardCharsets.UTF_8), "rid-a", DEVICE, false, "client-1");
            j.hold(USER, "<b/>".getBytes(StandardCharsets.UTF_8), null, DEVICE, true, null);
            j.taken(USER, first.seq());
            j.pending(new Journal.Pending("id-3", USER, DEVICE, 77, "4.8", "4.8.1", 123, "client-2"));
            j.pending(new Journal.Pending("id-4", USER, DEVICE, 78, "9.1", "9.1", 123, null, "0472"));
            j.pending(new Journal.Pending("id-5", USER, DEVICE, 79, "8.5", "8.5", 123, null, null, OTHER_HUB));
            j.hanBackup(HUB, new org.dccsim.gbcs.usecase.ChfDeviceLog.Restore(HUB, List.of(
                    new org.dccsim.gbcs.usecase.ChfDeviceLog.RestoredDevice(DEVICE, new byte[16]))));
            j.hanBackup(OTHER_HUB, new org.dccsim.gbcs.usecase.ChfDeviceLog.Restore(OTHER_HUB, List.of(
                    new org.dccsim.gbcs.usecase.ChfDeviceLog.RestoredDevice(DEVICE, new byte[16]))));
            j.hanBackup(OTHER_HUB, null); // its log emptied since: nothing to restore
            j.deviceCertificate(DEVICE, "3082AA");
            j.placing(DEVICE, "3082BB");
            j.deviceCertificate(DEVICE, "3082BB"); // re-keyed again: the last one stands, no longer being placed
            j.placing(OTHER_HUB, "3082CC"); // a placement the device has not confirmed yet
            j.pendingCredential(DEVICE, USER, "04AA"); // a future-dated 6.15.1 accepted, its alert not yet come
        }
        // A crash mid-append leaves a torn line; everything before it stands.
        Files.writeString(file, "{\"t\":\"counter\",\"user\":\"90B3", StandardOpenOption.APPEND);
        try (Journal j = Journal.open(file)) {
            assertThat(j.counter(USER + ":" + DEVICE)).isEqualTo(5001);
            assertThat(j.nextAcbCounter()).isGreaterThan(acb);
            assertThat(j.issued("id-1")).isNull();
            assertThat(j.issued("id-2").preCommand()).containsExactly(0xDF, 3);
            assertThat(j.heldMessages().get(USER)).singleElement().satisfies(h -> {
                assertThat(new String(h.xml(), StandardCharsets.UTF_8)).isEqualTo("<b/>");
                assertThat(h.alert()).isTrue();
                assertThat(h.device()).isEqualTo(DEVICE);
                assertThat(h.claim()).isNull();
            });
            assertThat(j.pendingCommands()).hasSize(3).anySatisfy(p -> {
                assertThat(p.requestId()).isEqualTo("id-3");
                assertThat(p.client()).isEqualTo("client-2");
                assertThat(p.customerIdentificationNumber()).isNull();
                assertThat(p.originator()).as("the user, unless the DCC sent it in its own name").isEqualTo(USER);
            }).anySatisfy(p -> {
                assertThat(p.requestId()).isEqualTo("id-5");
                assertThat(p.originator()).as("whom the answer will be addressed to").isEqualTo(OTHER_HUB);
            }).anySatisfy(p -> {
                assertThat(p.requestId()).isEqualTo("id-4");
                assertThat(p.customerIdentificationNumber()).as("a 9.1's digits outlive a restart").isEqualTo("0472");
            });
            assertThat(j.hanBackup(HUB)).hasValueSatisfying(b -> {
                assertThat(b.extendedPanId()).isEqualTo(HUB);
                assertThat(b.devices()).singleElement().satisfies(d -> assertThat(d.device()).isEqualTo(DEVICE));
            });
            assertThat(j.hanBackup(OTHER_HUB)).isEmpty();
            assertThat(j.deviceCertificates()).containsExactly(java.util.Map.entry(DEVICE, "3082BB"));
            assertThat(j.placings()).containsExactly(java.util.Map.entry(OTHER_HUB, "3082CC"));
            assertThat(j.pendingCredentials(DEVICE)).containsExactly(java.util.Map.entry(USER, "04AA"));
            j.done("id-3");
            j.done("id-4");
            j.done("id-5");
        }
        try (Journal j = Journal.open(file)) {
            assertThat(j.pendingCommands()).isEmpty();
            assertThat(j.hanBackup(HUB)).as("kept through a compaction").isPresent();
            assertThat(j.hanBackup(OTHER_HUB)).isEmpty();
            assertThat(j.deviceCertificates()).as("kept through a compaction").containsExactly(java.util.Map.entry(DEVICE, "3082BB"));
            assertThat(j.placings()).containsExactly(java.util.Map.entry(OTHER_HUB, "3082CC"));
            j.credential(DEVICE, USER, "04AA"); // its 8F66 came
            assertThat(j.pendingCredentials(DEVICE)).isEmpty();
            assertThat(j.credential(DEVICE, USER)).isEqualTo("04AA");
            assertThat(Files.readAllLines(file)).noneMatch(l -> l.contains("\"t\":\"taken\""));
        }
    }

    @Test
    void pendingWrittenBeforeOriginatorsWereRecorded_readsBackWithNone_throughACompaction() throws Exception {
        Path file = dir.resolve("headend.journal");
        try (Journal j = Journal.open(file)) {
            j.pending(new Journal.Pending("id-old", USER, DEVICE, 81, "6.15", "6.15.1", Long.MAX_VALUE, null, null, OTHER_HUB));
        }
        String text = Files.readString(file);
        assertThat(text).contains("\"originator\":\"" + OTHER_HUB + "\"");
        Files.writeString(file, text.replace(",\"originator\":\"" + OTHER_HUB + "\"", ""));
        for (int restart = 0; restart < 2; restart++) {
            try (Journal j = Journal.open(file)) {
                assertThat(j.pendingCommands()).singleElement().satisfies(p -> {
                    assertThat(p.requestId()).isEqualTo("id-old");
                    assertThat(p.originator()).as("the user or the ACB: the head-end waits for either").isNull();
                });
            }
        }
    }

    @Test
    void anAnswerHeldBeforeACrash_completesItsPendingCommand_soARestartDoesNotAnswerItAgain() throws Exception {
        Path file = dir.resolve("crash.journal");
        try (Journal j = Journal.open(file)) {
            j.pending(new Journal.Pending("rid-7", USER, DEVICE, 7, "4.8", "4.8.1", 123, null));
            j.pending(new Journal.Pending("rid-8", USER, DEVICE, 8, "4.8", "4.8.1", 123, null));
            j.hold(USER, "<i0/>".getBytes(StandardCharsets.UTF_8), "rid-7", DEVICE, false, null);
            j.hold(USER, "<alert/>".getBytes(StandardCharsets.UTF_8), "rid-8", DEVICE, true, null);
            // killed here: done("rid-7") never written
        }
        try (Journal j = Journal.open(file)) {
            assertThat(j.pendingCommands()).extracting(Journal.Pending::requestId)
                    .as("rid-7 is answered; an alert answers nothing").containsExactly("rid-8");
        }
    }

    @Test
    void heldResponses_areDeliveredByPollAfterARestart() throws Exception {
        Path file = dir.resolve("headend.journal");
        java.security.cert.X509Certificate cert = org.dccsim.gbcs.crypto.TestCertificates.selfSigned(USER, 135,
                java.math.BigInteger.ONE, new java.security.SecureRandom()).certificate();
        DccUser user = new DccUser(USER, Set.of(UserRole.LOAD_CONTROLLER), cert, null);
        try (Journal j = Journal.open(file); Delivery d = new Delivery(j)) {
            d.deliver(user, new Delivery.Message("<response/>".getBytes(StandardCharsets.UTF_8), "rid-1", DEVICE, false));
        }
        try (Journal j = Journal.open(file); Delivery d = new Delivery(j)) {
            assertThat(d.held(USER)).isEqualTo(1);
            java.util.List<Journal.Held> got = new java.util.ArrayList<>();
            assertThat(d.poll(new Delivery.PollSpec(USER, null, 10, false, java.util.List.of()), got::addAll)).isNull();
            assertThat(got).extracting(h -> new String(h.xml(), StandardCharsets.UTF_8)).containsExactly("<response/>");
            d.written(USER, got, true);
        }
        try (Journal j = Journal.open(file); Delivery d = new Delivery(j)) {
            assertThat(d.held(USER)).isZero();
        }
    }

    @Test
    void scheduledRequests_surviveARestart_untilTheyHaveRun() throws Exception {
        Path file = dir.resolve("scheduled.journal");
        byte[] xml = "<sr:Request/>".getBytes(StandardCharsets.UTF_8);
        try (Journal j = Journal.open(file)) {
            j.schedule(new Journal.Scheduled("id-a", USER, "SUPPLIER", 1_000L, xml, null));
            j.schedule(new Journal.Scheduled("id-b", USER, "OTHER_USER", 2_000L, xml, "client-3"));
            j.ran("id-a");
        }
        try (Journal j = Journal.open(file)) {
            assertThat(j.scheduledRequests()).singleElement().satisfies(x -> {
                assertThat(x.requestId()).isEqualTo("id-b");
                assertThat(x.role()).isEqualTo("OTHER_USER");
                assertThat(x.atMillis()).isEqualTo(2_000L);
                assertThat(x.xml()).isEqualTo(xml);
                assertThat(x.client()).isEqualTo("client-3");
            });
            j.ran("id-b");
        }
        try (Journal j = Journal.open(file)) {
            assertThat(j.scheduledRequests()).isEmpty();
        }
    }

    @Test
    void whileRunning_theFileIsCompacted_andStaysBounded() throws Exception {
        Path file = dir.resolve("busy.journal");
        try (Journal j = Journal.open(file)) {
            // About 24 MB of counter records over 1,000 keys: three times the compaction threshold.
            for (int i = 0; i < 300_000; i++) {
                j.advanceCounter("90B3D51F30010008:" + (i % 1000), 1_000_000L + i);
            }
            assertThat(j.fileSize()).isLessThanOrEqualTo(Journal.COMPACT_AFTER_BYTES + 64 * 1024);
        }
        try (Journal j = Journal.open(file)) {
            assertThat(j.counter("90B3D51F30010008:999")).isEqualTo(1_000_000L + 299_999);
            assertThat(j.counter("90B3D51F30010008:0")).isEqualTo(1_000_000L + 299_000);
        }
    }

    @Test
    void theLastAppend_isForcedToDisk_withoutAnotherAppend() throws Exception {
        try (Journal j = Journal.open(dir.resolve("sync.journal"))) {
            j.advanceCounter("k", 1);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!j.synced() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(j.synced()).as("the sync thread forced the trailing write").isTrue();
        }
    }

    @Test
    void preCommands_expireAfterTheirLifetime_andAtMostTheCapIsKept() throws Exception {
        long[] now = {1_000_000_000L};
        Path file = dir.resolve("issued.journal");
        try (Journal j = Journal.open(file, () -> now[0])) {
            j.issued(new Journal.Issued("old", "7.16", "7.16", "ECS47e", new byte[] {1}, now[0]));
            now[0] += Journal.ISSUED_LIFETIME.toMillis() / 2;
            j.issued(new Journal.Issued("young", "7.16", "7.16", "ECS47e", new byte[] {2}, now[0]));
            now[0] += Journal.ISSUED_LIFETIME.toMillis() / 2 + 1;
            assertThat(j.issued("old")).as("a day and a millisecond old").isNull();
            assertThat(j.issued("young")).isNotNull();
            for (int i = 0; i < Journal.MAX_ISSUED; i++) {
                j.issued(new Journal.Issued("n" + i, "7.16", "7.16", "ECS47e", new byte[] {3}, now[0]));
            }
            assertThat(j.issuedCount()).isEqualTo(Journal.MAX_ISSUED);
            assertThat(j.issued("young")).as("the oldest made room").isNull();
        }
        try (Journal j = Journal.open(file, () -> now[0])) {
            assertThat(j.issuedCount()).isEqualTo(Journal.MAX_ISSUED);
            assertThat(j.issued("old")).isNull();
            assertThat(j.issued("n0")).isNotNull();
        }
    }
}

package org.dccsim.headend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who gets which held message, and when one is forgotten: claims, leases, dropped polls, superseded polls, the cap. */
class DeliveryTest {
    static final Eui64 USER = Eui64.parse("90B3D51F30010008");
    static final Eui64 DEVICE = Eui64.parse("00DB1234567890A6");
    static final DccUser VLP = new DccUser(USER, Set.of(UserRole.LOAD_CONTROLLER),
            TestCertificates.selfSigned(USER, 135, BigInteger.ONE, new SecureRandom()).certificate(), null);

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Delivery delivery = new Delivery(Journal.inMemory(), millis::get);

    @AfterEach
    void close() {
        delivery.close();
    }

    private static Delivery.Message answer(String requestId) {
        return new Delivery.Message(("<answer id='" + requestId + "'/>").getBytes(StandardCharsets.UTF_8), requestId, DEVICE, false);
    }

    private static Delivery.Message alert() {
        return new Delivery.Message("<alert/>".getBytes(StandardCharsets.UTF_8), null, DEVICE, true);
    }

    /** Polls without waiting: what is there now (a waiting poll is cancelled). */
    private List<Journal.Held> pollNow(String client, boolean explicitAck, List<Long> acks) {
        List<Journal.Held> got = new ArrayList<>();
        Delivery.Waiting w = delivery.poll(new Delivery.PollSpec(USER, client, 100, explicitAck, acks), got::addAll);
        if (w != null) {
            w.cancel();
        }
        return got;
    }

    private static List<String> ids(List<Journal.Held> held) {
        return held.stream().map(h -> h.alert() ? "alert" : h.requestId()).toList();
    }

    @Test
    void aClaimedAnswer_goesOnlyToItsClient_untilTheClaimLapses() {
        delivery.claim(USER, "sr-1", "r1", DEVICE);
        delivery.deliver(VLP, answer("r1"));
        delivery.deliver(VLP, answer("r2"));
        assertThat(ids(pollNow(null, false, List.of()))).as("an untagged poll takes only what nobody claimed")
                .containsExactly("r2");
        assertThat(ids(pollNow("sr-2", false, List.of()))).as("another client gets nothing").isEmpty();
        delivery.deliver(VLP, answer("r3"));
        delivery.claim(USER, "sr-1", "r4", DEVICE);
        millis.addAndGet(Delivery.CLAIM_LAPSE.toMillis() + 1);
        delivery.deliver(VLP, answer("r4"));
        assertThat(ids(pollNow(null, false, List.of()))).as("sr-1 went away: its claims lapsed").containsExactly("r1", "r3", "r4");
    }

    @Test
    void alertsFromAClaimedDevice_goToTheClaimingClient() {
        delivery.claim(USER, "sr-1", "r1", DEVICE);
        delivery.deliver(VLP, alert());
        assertThat(ids(pollNow(null, false, List.of()))).isEmpty();
        assertThat(ids(pollNow("sr-1", false, List.of()))).containsExactly("alert");
    }

    @Test
    void anExplicitlyAcknowledgedDelivery_isLeasedAndComesAgainUnlessAcknowledged() throws Exception {
        delivery.deliver(VLP, answer("r1"));
        delivery.deliver(VLP, answer("r2"));
        List<Journal.Held> first = pollNow(null, true, List.of());
        assertThat(ids(first)).containsExactly("r1", "r2");
        assertThat(delivery.held(USER)).as("leased, not held").isZero();
        // Acknowledge r1 only; let the lease on r2 run out.
        pollNow(null, true, List.of(first.get(0).seq()));
        millis.addAndGet(Delivery.LEASE.toMillis() + 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (delivery.held(USER) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ids(pollNow(null, false, List.of()))).containsExactly("r2");
    }

    @Test
    void aPollWhoseAnswerCouldNotBeWritten_givesItsMessagesBack_inOrder() {
        delivery.deliver(VLP, answer("r1"));
        delivery.deliver(VLP, answer("r2"));
        List<Journal.Held> lost = pollNow(null, false, List.of());
        delivery.written(USER, lost, false);
        assertThat(ids(pollNow(null, false, List.of()))).containsExactly("r1", "r2");
    }

    @Test
    void aNewPollOfTheSameClient_supersedesTheOldOne_whichGetsNothing() {
        List<Journal.Held> old = new ArrayList<>();
        boolean[] oldAnswered = {false};
        delivery.poll(new Delivery.PollSpec(USER, "sr-1", 10, true, List.of()), h -> {
            oldAnswered[0] = true;
            old.addAll(h);
        });
        List<Journal.Held> fresh = new ArrayList<>();
        delivery.poll(new Delivery.PollSpec(USER, "sr-1", 10, true, List.of()), fresh::addAll);
        assertThat(oldAnswered[0]).as("the superseded poll is answered, empty").isTrue();
        delivery.claim(USER, "sr-1", "r1", DEVICE);
        delivery.deliver(VLP, answer("r1"));
        assertThat(old).isEmpty();
        assertThat(ids(fresh)).containsExactly("r1");
    }

    @Test
    void atTheCap_alertsAreDroppedBeforeAnswers() {
        delivery.deliver(VLP, answer("first"));
        for (int i = 1; i < Delivery.MAX_HELD; i++) {
            delivery.deliver(VLP, alert());
        }
        delivery.deliver(VLP, answer("last"));
        assertThat(delivery.held(USER)).isEqualTo(Delivery.MAX_HELD);
        assertThat(delivery.dropped()).isEqualTo(1);
        List<Journal.Held> all = new ArrayList<>();
        delivery.poll(new Delivery.PollSpec(USER, null, Delivery.MAX_HELD, false, List.of()), all::addAll);
        assertThat(ids(all)).contains("first", "last");
    }
}

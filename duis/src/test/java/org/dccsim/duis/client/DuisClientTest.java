package org.dccsim.duis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's time limits against a real loopback socket that takes requests and never answers: an exchange past its
 * deadline is aborted and ends TIMEOUT, whichever kind it is, and a poll cancelled by its user ends at once.
 */
class DuisClientTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Eui64 USER = Eui64.parse("90-B3-D5-1F-30-01-00-00");

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch requestRead = new CountDownLatch(1);
    private TestCertificates.Issued dsp;
    private DuisClient.Identity user;

    @BeforeEach
    void start() throws IOException {
        dsp = TestCertificates.selfSigned(Eui64.parse("00-00-00-00-00-00-00-01"), TestCertificates.ROLE_DSP_XML_SIGN,
                BigInteger.ONE, RANDOM);
        TestCertificates.Issued mine = TestCertificates.selfSigned(USER, TestCertificates.ROLE_XML_SIGN, BigInteger.TWO,
                RANDOM);
        user = new DuisClient.Identity(USER, mine.keys().getPrivate(), mine.certificate());
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    accepted.add(s);
                    InputStream in = s.getInputStream();
                    if (in.read(new byte[8192]) > 0) {
                        requestRead.countDown();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-head-end");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + silent.getLocalPort());
    }

    @Test
    void poll_headEndNeverAnswers_endsTimeoutOnceItsDeadlinePasses() {
        DuisClient.Timeouts quick = new DuisClient.Timeouts(Duration.ofMillis(300), Duration.ofMillis(300));
        try (DuisClient client = DuisClient.withTimeouts(base(), dsp.certificate(), quick)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.poll(user, Duration.ZERO, 10, List.of(), true))
                    .isInstanceOfSatisfying(DuisClientException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DuisClientException.Reason.TIMEOUT);
                        assertThat(e.getMessage()).contains("did not answer a poll in time");
                    });
            assertThat(requestRead.getCount()).as("the request reached the head-end").isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the deadline, not a socket's end")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void poll_cancelledByItsUser_endsAsCancelledNotLate() throws Exception {
        try (DuisClient client = new DuisClient(base(), dsp.certificate())) {
            Thread canceller = new Thread(() -> {
                try {
                    if (requestRead.await(10, TimeUnit.SECONDS)) {
                        Thread.sleep(100); // the poll is now waiting for its answer
                        client.cancelPolls(USER);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            canceller.start();
            assertThatThrownBy(() -> client.poll(user, Duration.ofSeconds(20), 10, List.of(), true))
                    .isInstanceOfSatisfying(DuisClientException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DuisClientException.Reason.TIMEOUT);
                        assertThat(e.getMessage()).contains("was cancelled");
                    });
            canceller.join();
        }
    }

    @Test
    void poll_nothingListening_endsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (DuisClient client = new DuisClient(URI.create("http://127.0.0.1:" + port), dsp.certificate())) {
            assertThatThrownBy(() -> client.poll(user, Duration.ZERO, 10, List.of(), true))
                    .isInstanceOfSatisfying(DuisClientException.class,
                            e -> assertThat(e.reason()).isEqualTo(DuisClientException.Reason.UNREACHABLE));
        }
    }
}

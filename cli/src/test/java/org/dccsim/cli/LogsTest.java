package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogsTest {
    @AfterEach
    void quiet() {
        Logs.configure("warning");
    }

    @Test
    void infoLevel_survivesAGarbageCollection_soTheRequestLogKeepsWriting() throws Exception {
        Logs.configure("info");
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        // A logger first asked for after the collection, as the head-end's request log is when the first request comes.
        assertThat(Logger.getLogger("dccsim.headend.requests").isLoggable(Level.INFO)).isTrue();
        assertThat(Logger.getLogger("dccsim.devices").isLoggable(Level.INFO)).isTrue();
        assertThat(Logger.getLogger("org.dccsim.headend.gateway.HeadEnd").isLoggable(Level.INFO)).isFalse();
    }
}

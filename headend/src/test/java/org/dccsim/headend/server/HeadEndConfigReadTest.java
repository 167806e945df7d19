package org.dccsim.headend.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadEndConfigReadTest {
    @TempDir
    Path dir;

    @Test
    void read_inventoryPastSnakeYamlsDefaultCap_isRead() throws Exception {
        // 40,000 devices of about 110 characters each: 4.4 million, past SnakeYAML's default 3 million code points,
        // which refused the config of a lab of about 7,000 sites.
        StringBuilder y = new StringBuilder("deviceSecret: s\ndevices:\n");
        for (int i = 0; i < 40_000; i++) {
            y.append(String.format("  - { eui: \"00DB1000%08X\", type: ESME, supplier: \"90B3D51F30010000\", status: Commissioned }%n", i));
        }
        Path f = dir.resolve("headend.yaml");
        Files.writeString(f, y);
        assertThat(Files.size(f)).isGreaterThan(3_200_000);
        HeadEndConfig c = HeadEndServer.read(f);
        assertThat(c.devices()).hasSize(40_000);
        assertThat(c.devices().get(39_999).eui()).isEqualTo("00DB100000009C3F");
    }

    @Test
    void read_garbage_isAConfigExceptionNamingTheFile() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "devices: [ {");
        assertThatThrownBy(() -> HeadEndServer.read(f)).isInstanceOf(HeadEndServer.ConfigException.class)
                .hasMessageContaining("bad.yaml");
    }
}

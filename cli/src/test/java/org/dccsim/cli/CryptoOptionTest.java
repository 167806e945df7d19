package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.dccsim.gbcs.crypto.CryptoEngine;
import org.junit.jupiter.api.Test;

/** The global --crypto option: a bad engine name is a usage error, and --version names the engine and the network I/O in use. */
class CryptoOptionTest {
    @Test
    void version_namesTheCryptoEngine() {
        CliRunner r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("crypto: " + CryptoEngine.active().description())
                .contains("network I/O: " + org.dccsim.wan.NettyTransport.description());
    }

    @Test
    void unknownEngine_exitsTwoWithTheChoices() {
        CliRunner r = CliRunner.run("--crypto", "openssl", "--version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("must be auto, native or bc, not 'openssl'");
        assertThat(r.out()).isEmpty();
    }
}

package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path data;

    @Test
    void serve_withTheRtdsProfile_startsHeadEndAndFleetAndSaysWhereTheyListen() {
        Path shared = SharedData.require("rtds").getParent();
        CliRunner r = CliRunner.run("serve", "--shared", shared.toString(), "--data", data.toString(), "--duis-port", "0",
                "--wan-port", "0", "--smki-port", "0", "--duration", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("dccsim headend: DUIS on http://127.0.0.1:").contains("4 users, 2 devices")
                .contains("dccsim serve: 2 devices at 1 site(s) connected");
        assertThat(data.resolve("headend.journal")).exists();
        assertThat(data.resolve("xml-sign-90b3d51f30010008.key")).exists();
    }

    @Test
    void headend_withoutTheSharedMaterialOrAConfig_saysWhatToDo() {
        CliRunner r = CliRunner.run("headend", "--shared", data.resolve("nowhere").toString(), "--duration", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("pass --shared DIR");
    }
}

package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrTransformCommandTest {
    @TempDir
    Path dir;

    @Test
    void transform_rtdsTemplate_printsTheRtdsCommand() throws Exception {
        Path template = SharedData.require("reference/duis/templates/ECS22b_4.8.1_SINGLE_SUCCESS_REQUEST_DUIS.XML");
        String expected = Files.readString(SharedData.rtds().resolve(
                "4.8.1_ECS22b/ECS22b_4.8.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX")).replaceAll("\\s", "");
        CliRunner r = CliRunner.run("sr", "transform", "--keys", SharedData.rtdsKeystore().toString(), template.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(expected);
        assertThat(r.err()).contains("ECS22b");
    }

    @Test
    void transform_notADuisRequest_exitsTwoWithOneLine() throws Exception {
        Path f = dir.resolve("x.xml");
        Files.writeString(f, "<hello/>");
        CliRunner r = CliRunner.run("sr", "transform", "--keys", dir.toString(), f.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("E12").contains("not a DUIS sr:Request");
    }
}

package org.dccsim.gbcs.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The Recovery party's CS02b (0x0108, RTDS AnyExceptAbnormalRootByRecovery): one command replaces the cells of several
 * parties, naming the Recovery cell's floor in [4] and each other cell's in [6]; its result lists every cell's floors.
 */
class RecoveryCredentialsTest {
    private static final String DIR = "NA_CS02bAnyExceptAbnormalRootByRecovery";

    private static byte[] content(String file) throws Exception {
        Path p = SharedData.rtds().resolve(DIR).resolve(file);
        return new GbcsFrameDecoder().decode(SharedData.hexFile(p)).apdu().content();
    }

    @Test
    void decode_recoveryCommand_namesEveryReplacedCellsFloor_andReencodesExactly() throws Exception {
        byte[] rtds = content("CS02bAnyExceptAbnormalRootByRecovery_NA_SUCCESS_COMMAND_GBCS.HEX");
        LoadControllerCredentials.Command c = LoadControllerCredentials.decode(rtds);
        assertThat(c.mode()).isEqualTo(LoadControllerCredentials.MODE_RECOVERY);
        assertThat(c.authorisingRole()).isEqualTo(LoadControllerCredentials.ROLE_RECOVERY);
        assertThat(c.remotePartyRole()).isEqualTo(LoadControllerCredentials.ROLE_RECOVERY);
        assertThat(c.counter()).isEqualTo(7000);
        assertThat(c.moreFloors()).extracting(LoadControllerCredentials.Floor::role).containsExactly(2, 3, 4, 5);
        assertThat(c.moreFloors().get(0).topUpFloor()).as("the supplier's prepayment top-up floor").isZero();
        assertThat(c.replacements()).extracting(LoadControllerCredentials.Replacement::role)
                .containsExactly(1, 2, 2, 2, 3, 3, 4, 5);
        assertThat(c.replacements().get(3).cell()).isEqualTo(LoadControllerCredentials.CELL_TOP_UP);
        assertThat(Hex.encode(LoadControllerCredentials.encode(c))).isEqualTo(Hex.encode(rtds));
    }

    @Test
    void decode_recoveryResponse_listsTheRecoveryCellsFloorFirst_andReencodesExactly() throws Exception {
        byte[] rtds = content("CS02bAnyExceptAbnormalRootByRecovery_NA_SUCCESS_RESPONSE_GBCS.HEX");
        LoadControllerCredentials.Result r = LoadControllerCredentials.decodeResponse(rtds).orElseThrow();
        assertThat(r.mode()).isEqualTo(LoadControllerCredentials.MODE_RECOVERY);
        assertThat(r.remotePartyRole()).isEqualTo(LoadControllerCredentials.ROLE_RECOVERY);
        assertThat(r.moreFloors()).extracting(LoadControllerCredentials.Floor::role).containsExactly(2, 3, 4, 5);
        assertThat(r.replaced()).hasSize(8).allMatch(x -> x.status() == LoadControllerCredentials.STATUS_SUCCESS);
        assertThat(Hex.encode(LoadControllerCredentials.encodeResponse(r))).isEqualTo(Hex.encode(rtds));
    }
}

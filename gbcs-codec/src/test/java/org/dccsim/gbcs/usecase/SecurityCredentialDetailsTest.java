package org.dccsim.gbcs.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

class SecurityCredentialDetailsTest {
    private static byte[] content(String dir, String file) throws Exception {
        Path p = SharedData.rtds().resolve(dir).resolve(file);
        return new GbcsFrameDecoder().decode(SharedData.hexFile(p)).apdu().content();
    }

    @Test
    void cs02fCommand_asksTheAcbForSupplierAndLoadControllerCells_andReencodesExactly() throws Exception {
        byte[] rtds = content("6.24.1_CS02fMAC", "CS02fMAC_6.24.1_SUCCESS_COMMAND_GBCS.HEX");
        SecurityCredentialDetails.Command c = SecurityCredentialDetails.decode(rtds);
        assertThat(c.authorisingRole()).isEqualTo(SecurityCredentialDetails.ROLE_ACCESS_CONTROL_BROKER);
        assertThat(c.authorisingUsage()).isEqualTo(LoadControllerCredentials.USAGE_KEY_AGREEMENT);
        assertThat(c.roles()).containsExactly(SecurityCredentialDetails.ROLE_SUPPLIER, SecurityCredentialDetails.ROLE_LOAD_CONTROLLER);
        assertThat(Hex.encode(SecurityCredentialDetails.encode(c))).isEqualTo(Hex.encode(rtds));
    }

    @Test
    void cs02aResponse_listsEachRolesCells_andReencodesExactly() throws Exception {
        byte[] rtds = content("6.24.1_CS02aMAC", "CS02aMAC_6.24.1_SUCCESS_RESPONSE_GBCS.HEX");
        List<SecurityCredentialDetails.RoleDetails> d = SecurityCredentialDetails.decodeResponse(rtds);
        assertThat(d).extracting(SecurityCredentialDetails.RoleDetails::role).containsExactly(2, 3);
        SecurityCredentialDetails.RoleDetails supplier = d.get(0);
        assertThat(supplier.status()).isZero();
        assertThat(supplier.cells()).hasSize(3);
        assertThat(supplier.cells().get(0).usage()).isEqualTo(LoadControllerCredentials.USAGE_DIGITAL_SIGNATURE);
        assertThat(supplier.cells().get(0).party()).isEqualTo(Eui64.parse("90B3D51F30010000"));
        assertThat(supplier.cells().get(2).index()).isEqualTo(1); // the supplier's second key-agreement cell
        assertThat(d.get(1).cells().get(0).party()).isEqualTo(Eui64.parse("90B3D51F30020000"));
        assertThat(Hex.encode(SecurityCredentialDetails.encodeResponse(d))).isEqualTo(Hex.encode(rtds));
    }

    @Test
    void garbage_isATypedDecodeError() {
        assertThatThrownBy(() -> SecurityCredentialDetails.decode(new byte[] {0x30, 0x03, 0x02, 0x01}))
                .isInstanceOf(GbcsDecodeException.class);
        assertThatThrownBy(() -> SecurityCredentialDetails.decodeResponse(new byte[] {0x05, 0x00}))
                .isInstanceOf(GbcsDecodeException.class);
    }
}

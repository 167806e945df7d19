package org.dccsim.gbcs.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.testing.SharedData;
import org.junit.jupiter.api.Test;

/** CS14's alert 0x8F12 against the RTDS's: read field by field, and built again byte for byte. */
class HanWhitelistAlertTest {
    @Test
    void rtdsCs14Alert_readsAsTheHubsLog_andIsBuiltAgainByteForByte() throws Exception {
        GeneralSigningApdu rtds = new GbcsFrameDecoder().decode(SharedData.hexFile(SharedData.rtds()
                .resolve("NA_CS14/CS14_NA_8F12_ALERT_GBCS.HEX"))).apdu();
        DeviceAlert.HanWhitelistChanged a = (DeviceAlert.HanWhitelistChanged) DeviceAlerts.parse(rtds).orElseThrow();
        assertThat(a.extendedPanId()).isEqualTo(Eui64.parse("0001020304050607"));
        assertThat(a.devices()).extracting(ChfDeviceLog.RestoredDevice::device)
                .containsExactly(Eui64.parse("00DB1234567890A0"), Eui64.parse("00DB1234567890A1"));
        assertThat(Hex.encode(a.devices().get(1).linkKey())).isEqualTo("83FED3407A939723A5C639B26916D505");
        assertThat(a.backup()).hasValueSatisfying(b -> assertThat(b.devices()).hasSize(2));
        assertThat(a.critical()).isFalse();

        GeneralSigningApdu ours = DeviceAlerts.build(a, rtds.originator(), rtds.recipient(), rtds.originatorCounter());
        assertThat(Hex.encode(ours.content())).isEqualTo(Hex.encode(rtds.content()));
        assertThat(ours.messageCode()).isEqualTo(rtds.messageCode());
    }

    @Test
    void aHostileCs14WithAShortEntry_readsAsAnUnknownAlert_notAnException() {
        org.dccsim.gbcs.dlms.Data body = org.dccsim.gbcs.dlms.Data.structure(new org.dccsim.gbcs.dlms.Data.LongUnsigned(0x8F12),
                org.dccsim.gbcs.dlms.Data.octets(org.dccsim.gbcs.dlms.CosemDateTime.NEVER.toBytes()),
                org.dccsim.gbcs.dlms.Data.structure(org.dccsim.gbcs.dlms.Data.octets(org.dccsim.gbcs.dlms.CosemDateTime.NEVER.toBytes()),
                        org.dccsim.gbcs.dlms.Data.octets(new byte[8]), org.dccsim.gbcs.dlms.Data.array(
                                org.dccsim.gbcs.dlms.Data.structure(org.dccsim.gbcs.dlms.Data.octets(new byte[8])))));
        assertThat(DeviceAlert.parse(DeviceAlert.HanWhitelistChanged.MESSAGE_CODE, body)).isInstanceOf(DeviceAlert.Other.class);
    }
}

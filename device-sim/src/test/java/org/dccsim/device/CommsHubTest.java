package org.dccsim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dccsim.device.cosem.ChfDeviceLogObject;
import org.dccsim.device.cosem.DataAccessResult;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.ChfDeviceLog;
import org.dccsim.gbcs.usecase.ChfDeviceLog.HanDeviceType;
import org.dccsim.gbcs.usecase.SimpleCommands.ReadFirmwareVersion;
import org.junit.jupiter.api.Test;

/** The communications hub's CHF: its device log, changed by the ACB alone, and what it lists. */
class CommsHubTest {
    private final TestSite site = new TestSite();
    private final Device hub = Device.chf(TestParties.CHF, site.clock, site.security, site.trust);
    private static final byte[] INSTALL_CODE = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private XdlmsApdu.AccessResponse send(byte[] wire) throws Exception {
        List<Outbound> out = hub.receive(wire);
        assertThat(out).as("security log %s", hub.securityLog()).isNotEmpty();
        return (XdlmsApdu.AccessResponse) XdlmsCodec.decode(new GbcsFrameDecoder().decode(out.get(0).frame()).apdu().content());
    }

    @Test
    void addDevice_fromTheAcb_listsItWithALinkKeyFromItsInstallCode() throws Exception {
        XdlmsApdu.AccessResponse r = send(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS, INSTALL_CODE, 90)));

        assertThat(r.results()).extracting(XdlmsApdu.AccessResponseSpecification::result).containsOnly(DataAccessResult.SUCCESS);
        ChfDeviceLogObject log = hub.deviceLog().orElseThrow();
        assertThat(log.lists(TestParties.SAPC)).isTrue();
        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.deviceType()).isEqualTo(HanDeviceType.HCALCS.code());
            assertThat(e.linkKey()).hasSize(16).isNotEqualTo(INSTALL_CODE);
        });
    }

    @Test
    void aDeviceAddedWithItsOwnInstallCode_joins_andOneWithAnotherCodeNever() throws Exception {
        send(site.command(TestParties.ACB, TestParties.CHF, new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS,
                ChfDeviceLogObject.defaultInstallCode(TestParties.SAPC), 90)));
        send(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.ESME, HanDeviceType.ESME, INSTALL_CODE, 90)));
        XdlmsApdu.AccessResponse read = send(site.command(TestParties.ACB, TestParties.CHF, new ChfDeviceLog.Read()));

        ChfDeviceLogObject log = hub.deviceLog().orElseThrow();
        assertThat(log.lists(TestParties.ESME)).isTrue();
        assertThat(log.joined(TestParties.ESME)).as("registered with the wrong install code").isFalse();
        assertThat(log.joined(TestParties.SAPC)).isTrue();
        assertThat(((Data.Array) read.data().get(0)).elements()).as("active devices").hasSize(1);
    }

    @Test
    void addThenRemove_eachRaisesCs14ToTheAcb_withTheLogAsItNowStands() throws Exception {
        List<Outbound> added = hub.receive(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS, INSTALL_CODE, 90)));
        assertThat(added).hasSize(2);
        Outbound alert = added.get(1);
        assertThat(alert.kind()).isEqualTo(Outbound.Kind.ALERT);
        assertThat(alert.recipient()).isEqualTo(TestParties.ACB);
        var frame = new GbcsFrameDecoder().decode(alert.frame());
        assertThat(frame).as("MACed, not signed").isInstanceOf(org.dccsim.gbcs.frame.GbcsMessage.WithMacHeader.class);
        assertThat(site.security.verifyMac(alert.frame(), frame)).isEqualTo(org.dccsim.gbcs.crypto.Check.VALID);
        var changed = (org.dccsim.gbcs.usecase.DeviceAlert.HanWhitelistChanged) org.dccsim.gbcs.usecase.DeviceAlerts
                .parse(frame.apdu()).orElseThrow();
        assertThat(frame.apdu().messageCode()).isEqualTo(0x0018);
        assertThat(changed.devices()).singleElement().satisfies(d -> {
            assertThat(d.device()).isEqualTo(TestParties.SAPC);
            assertThat(d.linkKey()).isEqualTo(hub.deviceLog().orElseThrow().entries().get(0).linkKey());
        });

        List<Outbound> removed = hub.receive(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.RemoveDevice(TestParties.SAPC)));
        var after = (org.dccsim.gbcs.usecase.DeviceAlert.HanWhitelistChanged) org.dccsim.gbcs.usecase.DeviceAlerts
                .parse(new GbcsFrameDecoder().decode(removed.get(1).frame()).apdu()).orElseThrow();
        assertThat(after.devices()).isEmpty();
        assertThat(after.backup()).as("an empty log leaves nothing to restore").isEmpty();
    }

    @Test
    void addDevice_fromTheSupplier_isRefusedAndChangesNothing() {
        List<Outbound> out = hub.receive(site.command(TestParties.SUPPLIER, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS, INSTALL_CODE, 90)));

        assertThat(out).isEmpty();
        assertThat(hub.rejections(Rejection.Reason.ROLE_NOT_ALLOWED)).isEqualTo(1);
        assertThat(hub.deviceLog().orElseThrow().lists(TestParties.SAPC)).isFalse();
    }

    @Test
    void addDevice_whoseLaterItemFails_leavesTheLogAsItWas() throws Exception {
        hub.injectHardwareFault(1);
        XdlmsApdu.AccessResponse r = send(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS, INSTALL_CODE, 90)));

        assertThat(r.results()).extracting(XdlmsApdu.AccessResponseSpecification::result)
                .containsExactly(DataAccessResult.SUCCESS, DataAccessResult.HARDWARE_FAULT, DataAccessResult.OTHER_REASON);
        assertThat(hub.deviceLog().orElseThrow().lists(TestParties.SAPC)).isFalse();
    }

    @Test
    void removeDevice_movesItToTheHistoricLog_andReadShowsOnlyTheRest() throws Exception {
        hub.installDeviceLog(List.of(TestParties.ESME, TestParties.SAPC), List.of(HanDeviceType.ESME, HanDeviceType.HCALCS));
        byte[] sapcKey = hub.deviceLog().orElseThrow().entries().get(1).linkKey();

        XdlmsApdu.AccessResponse removed = send(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.RemoveDevice(TestParties.SAPC)));
        XdlmsApdu.AccessResponse read = send(site.command(TestParties.ACB, TestParties.CHF, new ChfDeviceLog.Read()));

        assertThat(removed.results().get(0).result()).isEqualTo(DataAccessResult.SUCCESS);
        ChfDeviceLogObject log = hub.deviceLog().orElseThrow();
        assertThat(log.entries()).extracting(ChfDeviceLogObject.Entry::device).containsExactly(TestParties.ESME);
        assertThat(log.historic()).singleElement().satisfies(e -> {
            assertThat(e.device()).isEqualTo(TestParties.SAPC);
            assertThat(e.linkKey()).isEqualTo(sapcKey);
        });
        Data.Array active = (Data.Array) read.data().get(0);
        assertThat(active.elements()).hasSize(1);
        Data.Structure entry = (Data.Structure) active.elements().get(0);
        assertThat(entry.size()).isEqualTo(14);
        assertThat(((Data.OctetString) entry.get(0)).value()).isEqualTo(TestParties.ESME.toBytes());
    }

    @Test
    void removeDevice_notInTheLog_failsWithObjectUnavailable() throws Exception {
        XdlmsApdu.AccessResponse r = send(site.command(TestParties.ACB, TestParties.CHF, new ChfDeviceLog.RemoveDevice(TestParties.SAPC)));

        assertThat(r.results().get(0).result()).isEqualTo(DataAccessResult.OBJECT_UNAVAILABLE);
    }

    @Test
    void aFullLog_refusesASeventeenthDevice_untilOneIsRemoved() throws Exception {
        List<Eui64> sixteen = new java.util.ArrayList<>();
        for (int i = 0; i < ChfDeviceLog.CAPACITY; i++) {
            sixteen.add(Eui64.of(0x00DB990000000000L + i));
        }
        hub.installDeviceLog(sixteen, java.util.Collections.nCopies(sixteen.size(), HanDeviceType.ESME));

        XdlmsApdu.AccessResponse full = send(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS, INSTALL_CODE, 90)));
        send(site.command(TestParties.ACB, TestParties.CHF, new ChfDeviceLog.RemoveDevice(sixteen.get(0))));
        XdlmsApdu.AccessResponse room = send(site.command(TestParties.ACB, TestParties.CHF,
                new ChfDeviceLog.AddDevice(TestParties.SAPC, HanDeviceType.HCALCS, INSTALL_CODE, 90)));

        assertThat(full.results().get(0).result()).isEqualTo(DataAccessResult.TEMPORARY_FAILURE);
        assertThat(room.results().get(0).result()).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(hub.deviceLog().orElseThrow().lists(TestParties.SAPC)).isTrue();
    }

    @Test
    void theLog_survivesARestartThroughTheSavedState() {
        hub.installDeviceLog(List.of(TestParties.SAPC), List.of(HanDeviceType.HCALCS));
        Device again = Device.chf(TestParties.CHF, site.clock, site.security, site.trust);

        again.restore(hub.snapshot());

        assertThat(again.deviceLog().orElseThrow().lists(TestParties.SAPC)).isTrue();
        assertThat(Device.chf(TestParties.CHF, site.clock, site.security, site.trust).deviceLog().orElseThrow()
                .lists(TestParties.SAPC)).as("a fresh hub shares no log").isFalse();
    }

    @Test
    void aMetersCommand_isNotAHubCommand_andIsRefusedAsUnsupported() {
        List<Outbound> out = hub.receive(site.command(TestParties.SUPPLIER, TestParties.CHF, new ReadFirmwareVersion()));

        assertThat(hub.rejections(Rejection.Reason.UNSUPPORTED_MESSAGE_CODE)).isEqualTo(1);
        assertThat(out).extracting(Outbound::kind).containsExactly(Outbound.Kind.ALERT);
    }
}

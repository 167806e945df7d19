package org.dccsim.device;

import java.time.Instant;
import java.util.List;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.model.AssetModel;
import org.dccsim.device.model.AssetType;
import org.dccsim.device.model.HouseholdModel;
import org.dccsim.device.model.Weather;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.testing.TestParties;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.MessageType;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseCommands;

/**
 * A P375 site on a manual clock with the deterministic test keys: boundary ESME (household demand) and one
 * SAPC driving a heat pump on APC 1 and a battery on APC 2, on a winter day; the Load Controller is TestParties.LOAD_CONTROLLER.
 */
final class TestSite {
    static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    final ManualClock clock = new ManualClock(START);
    final GbcsSecurity security = TestParties.security();
    final TrustAnchors trust = new TrustAnchors().set(Role.SUPPLIER, TestParties.SUPPLIER)
            .set(Role.NETWORK_OPERATOR, TestParties.NETWORK_OPERATOR).set(Role.ACB, TestParties.ACB)
            .set(Role.LOAD_CONTROLLER, TestParties.LOAD_CONTROLLER).set(Role.TRANSITIONAL_COS, TestParties.TRANSITIONAL_COS);
    final Device esme = Device.esme(TestParties.ESME, clock, security, trust);
    final Device sapc = Device.sapc(TestParties.SAPC, clock, security, trust);
    final AssetModel heatPump = new AssetModel(AssetType.HEAT_PUMP, 11, 3000, 0);
    final AssetModel battery = new AssetModel(AssetType.BATTERY, 12, 5000, 5000);
    final Site site = new Site("site-1", esme, HouseholdModel.typical(10),
            List.of(new Site.Asset(sapc, heatPump, 1), new Site.Asset(sapc, battery, 2)), START, Weather.DailyCycle.WINTER);
    private long counter = 1000;

    /** A command from {@code from} to {@code to}, signed if its use case is critical, MACed by the ACB. */
    byte[] command(Eui64 from, Eui64 to, UseCaseCommand cmd) {
        return command(from, to, cmd, ++counter);
    }

    byte[] command(Eui64 from, Eui64 to, UseCaseCommand cmd, long withCounter) {
        GeneralSigningApdu apdu = UseCaseCommands.build(cmd, new CommandContext(from, to, withCounter));
        if (cmd.useCase().messageType() == MessageType.CRITICAL_COMMAND) {
            apdu = security.sign(apdu, from);
        }
        return GbcsFrameEncoder.encode(security.addMac(apdu));
    }

    long lastCounter() {
        return counter;
    }
}

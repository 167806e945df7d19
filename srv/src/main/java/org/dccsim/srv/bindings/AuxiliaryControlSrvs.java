package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.LC;
import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.GbcsObjects;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.SetAuxiliaryControllerState;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseItems;
import org.dccsim.srv.Srv.FutureDating;
import org.dccsim.srv.Srv.Sender;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS 7.5 to 7.16: auxiliary load switches, boost button, auxiliary proportional controllers, and the Load
 * Controller's APC limit (BSC P375).
 */
public final class AuxiliaryControlSrvs {
    /** A limit or controller state lasts at most a day (GBCS use-case table, ECS47a and ECS47e). */
    public static final Duration LONGEST_PERIOD = Duration.ofHours(24);

    private AuxiliaryControlSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("7.5", "Activate Auxiliary Load").body("ActivateAuxiliaryLoad").useCases("ECS47Activate").roles(S)
                .reader(r -> Dlms.of(auxiliaryLoad(true, r.body()))));
        c.add(Srv.of("7.6", "Deactivate Auxiliary Load").body("DeactivateAuxiliaryLoad").useCases("ECS47Deactivate")
                .roles(S).reader(r -> Dlms.of(auxiliaryLoad(false, r.body()))));
        // 7.8 has no DUIS template, RTDS message or GBCS table rows; by analogy with 7.5 and 7.6 (whose encoding the RTDS
        // shows) it runs switch n's third ECS47 script, n x 256 + 0x13, which ends any activation or deactivation and
        // returns the switch to its calendar (docs/headend.md).
        c.add(Srv.of("7.8", "Reset Auxiliary Load").body("ResetAuxiliaryLoad").useCases("ECS47").roles(S)
                .reader(r -> Dlms.of(resetAuxiliaryLoad(r.body()))));
        c.add(Srv.of("7.7", "Read ALCS Data").body("ReadALCSData").useCases("ECS61a").roles(S, N, O)
                .futureDating(FutureDating.DCC).reader(Dlms.reads()));
        c.add(Srv.of("7.9", "Add Auxiliary Load To Boost Button").body("AddAuxiliaryLoadToBoostButton").useCases("ECS62Add")
                .roles(S).futureDating(FutureDating.DCC).reader(r -> Dlms.of(boost(true, r.body()))));
        c.add(Srv.of("7.10", "Remove Auxiliary Load From Boost Button").body("RemoveAuxiliaryLoadFromBoostButton")
                .useCases("ECS62Remove").roles(S).futureDating(FutureDating.DCC).reader(r -> Dlms.of(boost(false, r.body()))));
        c.add(Srv.of("7.11", "Read Boost Button Details").body("ReadBoostButtonDetails").useCases("ECS61c").roles(S, O)
                .futureDating(FutureDating.DCC).reader(r -> {
                    Instant[] p = Fields.readLogPeriod(r.body());
                    return Dlms.of(boostDetails(p[0], p[1]));
                }));
        c.add(Srv.of("7.12", "Set Randomised Offset Limit").body("SetRandomisedOffsetLimit").useCases("ECS38").roles(S)
                .reader(r -> Dlms.of(new SimpleCommands.SetRandomisedOffsetLimit(
                        (int) Fields.number(r.body(), "RandomisedOffsetLimit", 0, 1799)))));
        c.add(Srv.of("7.13", "Set Auxiliary Controller State").body("SetAuxiliaryControllerState").useCases("ECS47a")
                .roles(S).reader(r -> Dlms.of(controller(false, r.body()))));
        // DCC's own 7.14 goes to the device from the ACB on the user's behalf, whichever user asks.
        c.add(Srv.of("7.14", "Read Auxiliary Controller Configuration Data").body("ReadAuxiliaryControllerConfigurationData")
                .useCases("ECS61d").roles(S, N, O).futureDating(FutureDating.DCC).sender(Sender.ACB_ON_BEHALF)
                .reader(r -> Dlms.of(new SimpleCommands.ReadAuxiliaryControllerConfiguration())));
        c.add(Srv.of("7.15", "Read Auxiliary Controller Operational Data").body("ReadAuxiliaryControllerOperationalData")
                .useCases("ECS61e").roles(S, N, O).futureDating(FutureDating.DCC)
                .reader(r -> Dlms.of(new SimpleCommands.ReadAuxiliaryControllerOperationalData())));
        // 7.16 is the Load Controller's (BSC P375; DUIS's matrix does not list it, its templates come from the Load
        // Controller test organisation).
        c.add(Srv.of("7.16", "Limit APC Level").body("LimitAPCLevel").useCases("ECS47e").roles(LC)
                .reader(r -> Dlms.of(controller(true, r.body()))));
    }

    /**
     * ECS47a and ECS47e: controller n (an output, or the input from the controlled load), the level, and a period of at
     * most {@link #LONGEST_PERIOD} that ends after it starts.
     */
    private static UseCaseCommand controller(boolean limit, XmlNode body) throws DuisException {
        int n = Fields.attribute(body, "auxiliaryControllerN", 1, 5);
        int level = (int) Fields.number(body, "CommandedStateLevel", 0, 100);
        AuxiliaryController c = body.child("InputFromControlledLoad").isPresent()
                ? AuxiliaryController.input(n) : AuxiliaryController.output(n);
        Instant[] p = Fields.period(body, false);
        if (Duration.between(p[0], p[1]).compareTo(LONGEST_PERIOD) > 0) {
            throw new DuisException(DuisCodes.E12, "the period from StartDateTime to EndDateTime is longer than 24 hours");
        }
        CosemDateTime start = CosemDateTime.ofInstant(p[0]);
        CosemDateTime end = CosemDateTime.ofInstant(p[1]);
        return limit ? new LimitApcLevel(c, level, start, end) : new SetAuxiliaryControllerState(c, level, start, end);
    }

    /**
     * ECS47 (7.5, 7.6): the duration in minutes for auxiliary load switch n goes to 0-0:94.44.(116+n).1 to switch it
     * on, .2 to switch it off; then the auxiliary controllers' script table (0-0:10.0.103.255) runs script n * 256 +
     * 0x11 (on) or 0x12 (off). Inferred from the RTDS's two ECS47 commands, which this reproduces byte for byte.
     */
    private static UseCaseCommand auxiliaryLoad(boolean on, XmlNode body) throws DuisException {
        List<XmlNode> switches = body.all(on ? "ActivateALCSHCALCS" : "DeactivateALCSHCALCS");
        if (switches.size() != 1) {
            throw new DuisException(DuisCodes.E12, (on ? "7.5" : "7.6") + " names exactly one auxiliary load switch");
        }
        XmlNode sw = switches.get(0);
        int n = Fields.attribute(sw, "index", 1, 5);
        int minutes = (int) Fields.number(sw, "Duration", 0, 0xFFFF);
        DlmsItems items = DlmsItems.builder()
                .set(CosemAttribute.of(1, "0-0:94.44." + (116 + n) + "." + (on ? 1 : 2), 2), new Data.LongUnsigned(minutes))
                .action(new CosemAttribute(9, GbcsObjects.AUX_CONTROLLER_SCRIPTS, 1),
                        new Data.LongUnsigned(n * 256 + (on ? 0x11 : 0x12)))
                .build();
        return new SimpleCommands.AttributeAccess("ECS47", items);
    }

    /** ECS47 reset (7.8): the auxiliary controllers' script n x 256 + 0x13 for switch n, no duration. */
    private static UseCaseCommand resetAuxiliaryLoad(XmlNode body) throws DuisException {
        List<XmlNode> switches = body.all("ResetALCSHCALCS");
        if (switches.size() != 1) {
            throw new DuisException(DuisCodes.E12, "7.8 names exactly one auxiliary load switch");
        }
        int n = Fields.attribute(switches.get(0), "index", 1, 5);
        return new SimpleCommands.AttributeAccess("ECS47", DlmsItems.builder()
                .action(new CosemAttribute(9, GbcsObjects.AUX_CONTROLLER_SCRIPTS, 1), new Data.LongUnsigned(n * 256 + 0x13))
                .build());
    }

    /**
     * ECS62 (7.9, 7.10): 0-0:94.44.6.n says whether auxiliary load n follows the boost button; a flagged load is
     * associated (7.9) or dissociated (7.10); an unflagged one is left as it is (not written).
     */
    private static UseCaseCommand boost(boolean add, XmlNode body) throws DuisException {
        Map<Integer, Boolean> flags = new HashMap<>();
        for (XmlNode f : body.all(add ? "AddToBoostButton" : "RemoveFromBoostButton")) {
            int i = Fields.attribute(f, "index", 1, 5);
            String t = f.text() == null ? "" : f.text().trim();
            if (!t.equals("true") && !t.equals("false") && !t.equals("1") && !t.equals("0")) {
                throw new DuisException(DuisCodes.E12, "boost button flag " + i + " is not a boolean");
            }
            flags.put(i, t.equals("true") || t.equals("1"));
        }
        if (flags.size() != 5) {
            throw new DuisException(DuisCodes.E12, "7.9 and 7.10 carry exactly five flags, index 1 to 5");
        }
        if (!flags.containsValue(true)) {
            throw new DuisException(DuisCodes.E12, "7.9 and 7.10 flag at least one auxiliary load");
        }
        return new SimpleCommands.AttributeAccess("ECS62", Dlms.table("ECS62",
                item -> flags.get(item.target().obis().f()) ? Optional.of(new Data.Bool(add)) : Optional.empty()));
    }

    /**
     * ECS61c (7.11): the boost state, the boost log over the period (0-0:99.98.20.255, range selection on the boost
     * event time 0-0:94.44.100.255, in seconds since 2000-01-01 UTC as the RTDS writes them), and the five boost
     * associations.
     */
    private static UseCaseCommand boostDetails(Instant from, Instant to) {
        long epoch2000 = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
        Data range = Data.structure(
                Data.structure(new Data.LongUnsigned(1), Data.octets(ObisCode.parse("0-0:94.44.100.255").toBytes()),
                        new Data.Integer8(2), new Data.LongUnsigned(0)),
                new Data.DoubleLongUnsigned(from.getEpochSecond() - epoch2000),
                new Data.DoubleLongUnsigned(to.getEpochSecond() - epoch2000), Data.array());
        DlmsItems.Builder b = DlmsItems.builder();
        for (UseCaseItems.Item item : UseCaseItems.of("ECS61c")) {
            if (item.target().classId() == 7) {
                b.getWithSelection(item.target(), 1, range);
            } else {
                b.get(item.target());
            }
        }
        return new SimpleCommands.AttributeAccess("ECS61c", b.build());
    }
}

package org.dccsim.gbcs.usecase;

import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;

/** Use cases with no parameters or a single value, as small records. */
public final class SimpleCommands {
    private SimpleCommands() {
    }

    /** ECS45 Read Status of Load Switch (SRV 7.4): the disconnect control's control_state. */
    public record ReadSupplyState() implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "ECS45";
        }

        @Override
        public DlmsItems items(CommandContext ctx) {
            return DlmsItems.builder().get(new CosemAttribute(GbcsObjects.CLASS_DISCONNECT_CONTROL,
                    GbcsObjects.DISCONNECT_CONTROL, 3)).build();
        }
    }

    /** ECS52 Read ESME Firmware Version (SRV 11.2). */
    public record ReadFirmwareVersion() implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "ECS52";
        }

        @Override
        public DlmsItems items(CommandContext ctx) {
            return DlmsItems.builder().get(new CosemAttribute(GbcsObjects.CLASS_DATA, GbcsObjects.FIRMWARE_VERSION, 2))
                    .build();
        }
    }

    /** ECS38 Update Randomised Offset Limit (SRV 7.12, critical, Supplier): seconds, 0 to 1799. */
    public record SetRandomisedOffsetLimit(int seconds) implements UseCaseCommand {
        public SetRandomisedOffsetLimit {
            if (seconds < 0 || seconds > 0xFFFF) {
                throw new IllegalArgumentException("randomised offset limit out of range: " + seconds);
            }
        }

        @Override
        public String useCaseId() {
            return "ECS38";
        }

        @Override
        public DlmsItems items(CommandContext ctx) {
            return DlmsItems.builder().set(new CosemAttribute(GbcsObjects.CLASS_DATA, GbcsObjects.RANDOMISED_OFFSET_LIMIT, 2),
                    new Data.LongUnsigned(seconds)).build();
        }
    }

    /**
     * ECS70 Set Clock on ESME (SRV 6.11, critical, Supplier): clock base, preset_adjusting_time with the
     * "not specified" preset and a validity window, adjust_to_preset_time, then read back time and status.
     */
    public record SetClock(CosemDateTime validFrom, CosemDateTime validTo) implements UseCaseCommand {
        static final CosemDateTime PRESET_NOT_SPECIFIED = new CosemDateTime(0xFFFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, CosemDateTime.DEVIATION_NOT_SPECIFIED, 0xFF);

        @Override
        public String useCaseId() {
            return "ECS70";
        }

        @Override
        public DlmsItems items(CommandContext ctx) {
            return DlmsItems.builder()
                    .set(new CosemAttribute(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK, 9), new Data.Enumerated(5))
                    .action(new CosemAttribute(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK, 5),
                            Data.structure(Data.octets(PRESET_NOT_SPECIFIED.toBytes()), Data.octets(validFrom.toBytes()),
                                    Data.octets(validTo.toBytes())))
                    .action(new CosemAttribute(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK, 4), new Data.Integer8(0))
                    .get(new CosemAttribute(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK, 2))
                    .get(new CosemAttribute(GbcsObjects.CLASS_CLOCK, GbcsObjects.CLOCK, 4))
                    .build();
        }
    }

    /**
     * ECS61d Read Auxiliary Controller Configuration Data (SRV 7.14): descriptions of controllers 1 to 5, the
     * special days and the schedule of the auxiliary controller calendar.
     */
    public record ReadAuxiliaryControllerConfiguration() implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "ECS61d";
        }

        @Override
        public DlmsItems items(CommandContext ctx) {
            DlmsItems.Builder b = DlmsItems.builder();
            for (int n = 1; n <= 5; n++) {
                b.get(GbcsObjects.auxControllerDescription(n));
            }
            return b.get(CosemAttribute.of(11, "0-0:11.0.3.255", 2)).get(CosemAttribute.of(10, "0-0:12.0.2.255", 2)).build();
        }
    }

    /**
     * ECS61e Read Auxiliary Controller Operational Data (SRV 7.15): the type and identifier, then the state and
     * associated information (a JSON text), of controllers 1 to 5.
     */
    public record ReadAuxiliaryControllerOperationalData() implements UseCaseCommand {
        @Override
        public String useCaseId() {
            return "ECS61e";
        }

        @Override
        public DlmsItems items(CommandContext ctx) {
            DlmsItems.Builder b = DlmsItems.builder();
            for (int n = 1; n <= 5; n++) {
                b.get(GbcsObjects.auxControllerType(n));
            }
            for (int n = 1; n <= 5; n++) {
                b.get(GbcsObjects.auxControllerState(n));
            }
            return b.build();
        }
    }

    /**
     * Any other use case: its DLMS items as given. The head-end uses it for use cases whose items come straight
     * from a DUIS body, and parsing falls back to it for shapes the typed commands do not cover.
     */
    public record AttributeAccess(String useCaseId, DlmsItems fixedItems) implements UseCaseCommand {
        @Override
        public DlmsItems items(CommandContext ctx) {
            return fixedItems;
        }
    }
}

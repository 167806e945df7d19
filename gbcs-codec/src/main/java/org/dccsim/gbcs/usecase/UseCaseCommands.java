package org.dccsim.gbcs.usecase;

import java.time.Instant;
import java.util.Optional;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;
import org.dccsim.gbcs.dlms.XdlmsCodec;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;

/**
 * Builds GBCS commands from typed use-case commands, and reads typed commands back out of received ones.
 *
 * <p>Reading is exact by construction: a candidate typed command is taken from the items, rebuilt, and kept
 * only if the rebuilt items equal the received ones; anything else comes back as
 * {@link SimpleCommands.AttributeAccess}, so no information is ever lost.
 */
public final class UseCaseCommands {
    private UseCaseCommands() {
    }

    /**
     * The General-Signing APDU of a command: for a critical use case the pre-command (no signature field, to be
     * signed by the originator); otherwise with the null signature, ready for the ACB's MAC.
     */
    public static GeneralSigningApdu build(UseCaseCommand command, CommandContext ctx) {
        UseCase uc = command.useCase();
        byte[] content = XdlmsCodec.encode(command.items(ctx).toRequest(ctx.counter()));
        boolean critical = uc.messageType() == MessageType.CRITICAL_COMMAND;
        return new GeneralSigningApdu(CraFlag.COMMAND, ctx.counter(), ctx.originator(), ctx.recipient(), null,
                ctx.otherInformation(uc.messageCode()), content, critical ? SignatureField.ABSENT : SignatureField.NULL);
    }

    /** The typed command of a received DLMS command, or empty when its payload is not an access-request. */
    public static Optional<UseCaseCommand> parse(GeneralSigningApdu apdu) {
        XdlmsApdu decoded;
        try {
            decoded = XdlmsCodec.decode(apdu.content());
        } catch (GbcsDecodeException e) {
            return Optional.empty();
        }
        if (!(decoded instanceof XdlmsApdu.AccessRequest request)) {
            return Optional.empty();
        }
        String id = UseCaseRegistry.standard().byMessageCode(apdu.messageCode()).map(UseCase::id)
                .orElse(String.format("0x%04X", apdu.messageCode()));
        OtherInformation oi = apdu.otherInformation();
        CommandContext ctx = new CommandContext(apdu.originator(), apdu.recipient(), apdu.originatorCounter(),
                oi.supplementaryRemotePartyId() == null ? null : oi);
        DlmsItems items = DlmsItems.of(request);
        UseCaseCommand candidate = null;
        try {
            candidate = candidate(id, items);
        } catch (RuntimeException | GbcsDecodeException e) {
            candidate = null; // the shape differs from the typed command's: keep the items as they are
        }
        if (candidate != null && candidate.items(ctx).equals(items)) {
            return Optional.of(candidate);
        }
        return Optional.of(new SimpleCommands.AttributeAccess(id, items));
    }

    private static UseCaseCommand candidate(String id, DlmsItems items) throws GbcsDecodeException {
        switch (id) {
            case "ECS22b": {
                Data param = items.data().get(0);
                CosemDateTime[] range = restrictionOf(param);
                return new ReadProfile(ReadProfile.Kind.ACTIVE_IMPORT, range[0].toInstant().orElseThrow(),
                        range[1].toInstant().orElseThrow());
            }
            case "ECS22a":
            case "ECS22c": {
                Data.Structure p = (Data.Structure) ((AccessRequestSpecification.GetWithSelection) items.specifications().get(0))
                        .parameters();
                Instant from = GbcsObjects.fromUtcSeconds(((Data.DoubleLongUnsigned) p.get(1)).value());
                Instant to = GbcsObjects.fromUtcSeconds(((Data.DoubleLongUnsigned) p.get(2)).value());
                return new ReadProfile(id.equals("ECS22a") ? ReadProfile.Kind.ACTIVE_EXPORT : ReadProfile.Kind.REACTIVE_IMPORT,
                        from, to);
            }
            case "ECS66": {
                CosemDateTime[] range = restrictionOf(items.data().get(0));
                return new ReadDailyReadLog(range[0], range[1]);
            }
            case "ECS17b":
                return new ReadImportRegisters();
            case "ECS45":
                return new SimpleCommands.ReadSupplyState();
            case "ECS52":
                return new SimpleCommands.ReadFirmwareVersion();
            case "ECS61d":
                return new SimpleCommands.ReadAuxiliaryControllerConfiguration();
            case "ECS61e":
                return new SimpleCommands.ReadAuxiliaryControllerOperationalData();
            case "ECS38":
                return new SimpleCommands.SetRandomisedOffsetLimit(((Data.LongUnsigned) items.data().get(0)).value());
            case "ECS42":
                return new SupplyControl(SupplyControl.Action.ENABLE);
            case "ECS43":
                return new SupplyControl(SupplyControl.Action.DISABLE);
            case "ECS44":
                return new SupplyControl(SupplyControl.Action.ARM);
            case "ECS70": {
                Data.Structure window = (Data.Structure) items.data().get(1);
                return new SimpleCommands.SetClock(CosemDateTime.of(((Data.OctetString) window.get(1)).value()),
                        CosemDateTime.of(((Data.OctetString) window.get(2)).value()));
            }
            case "ECS47e":
            case "ECS47a": {
                int last = items.size() - 1;
                int value = ((Data.LongUnsigned) items.data().get(last)).value();
                AuxiliaryController c = AuxiliaryController.ofCode(value >> 8);
                if (c == null) {
                    return null;
                }
                CosemDateTime start = null;
                CosemDateTime end = null;
                if (last == 2) {
                    start = CosemDateTime.of(((Data.OctetString) items.data().get(0)).value());
                    end = CosemDateTime.of(((Data.OctetString) items.data().get(1)).value());
                }
                return id.equals("ECS47e") ? new LimitApcLevel(c, value & 0xFF, start, end)
                        : new SetAuxiliaryControllerState(c, value & 0xFF, start, end);
            }
            default:
                return null;
        }
    }

    private static CosemDateTime[] restrictionOf(Data parameter) throws GbcsDecodeException {
        try {
            CosemDateTime[] r = ProtectedReads.restriction(parameter);
            if (r == null) {
                throw new IllegalArgumentException("no date restriction");
            }
            return r;
        } catch (GbcsDecodeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a protected read parameter", e);
        }
    }
}

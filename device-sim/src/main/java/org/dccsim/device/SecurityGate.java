package org.dccsim.device;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.MessageType;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.gbcs.usecase.SecurityCredentialDetails;
import org.dccsim.gbcs.usecase.UseCase;
import org.dccsim.gbcs.usecase.UseCaseRegistry;

/**
 * A device's security gate: the checks a command passes before anything in it is executed, as a pipeline of stages
 * in the order GBCS-NOTES d.2 reconstructs from GBCS sections 6, 7 and 17 (docs/device-sim.md): the frame decodes; it
 * is addressed to this device; it is a command with the ACB's MAC header (or, for credential details requests alone,
 * signed instead: {@link #signatureOnly}); the MAC verifies; the device's profile takes
 * the message code; the originator holds a trust anchor cell whose role may send the use case; a critical command's
 * signature verifies; a replay-protected command's counter is above the last accepted from that party. Each stage
 * passes or refuses with a typed reason ({@link Rejection.Reason}); the first refusal ends the check.
 *
 * <p>The replay stage is last because it records the counter: only a command that passed every other check moves the
 * party's counter on. One gate per device, used under the device's lock.
 */
final class SecurityGate {
    /** What the gate says of a frame. */
    sealed interface Verdict permits Admitted, Refused {
    }

    /**
     * A command that passed: its decoded message, use case, the sender's role, whether it is handled as critical
     * (signed both ways) and whether its signature verified.
     */
    record Admitted(GbcsMessage message, UseCase useCase, Role role, boolean critical) implements Verdict {
        GeneralSigningApdu command() {
            return message.apdu();
        }
    }

    /**
     * A refusal. {@code reportUnsupported}: the command's message code is not one the device takes and its sender is
     * trusted, so the device tells it so (GBCS 7.2.9.1, alert 8F85).
     */
    record Refused(Rejection.Reason reason, String detail, GeneralSigningApdu command, boolean reportUnsupported)
            implements Verdict {
        static Refused of(Rejection.Reason reason, String detail) {
            return new Refused(reason, detail, null, false);
        }
    }

    /** What a stage sees: the frame, and what earlier stages found in it. */
    private static final class Candidate {
        final byte[] wire;
        GbcsMessage message;
        GeneralSigningApdu command;
        UseCase useCase;
        Role role;
        boolean critical;

        Candidate(byte[] wire) {
            this.wire = wire;
        }
    }

    @FunctionalInterface
    private interface Stage {
        /** Null to pass the command on; a refusal otherwise. */
        Refused check(Candidate c);
    }

    private final Device device;
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final List<Stage> stages = List.of(this::decodes, this::addressed, this::commandWithMac, this::macVerifies,
            this::supported, this::roleMaySend, this::signed, this::fresh);

    SecurityGate(Device device) {
        this.device = device;
    }

    Verdict check(byte[] wire) {
        Candidate c = new Candidate(wire);
        for (Stage s : stages) {
            Refused r = s.check(c);
            if (r != null) {
                return r;
            }
        }
        return new Admitted(c.message, c.useCase, c.role, c.critical);
    }

    private Refused decodes(Candidate c) {
        try {
            c.message = decoder.decode(c.wire);
            c.command = c.message.apdu();
            return null;
        } catch (GbcsDecodeException e) {
            return Refused.of(Rejection.Reason.MALFORMED_FRAME, e.getMessage());
        }
    }

    private Refused addressed(Candidate c) {
        return c.command.recipient().equals(device.eui()) ? null
                : Refused.of(Rejection.Reason.WRONG_RECIPIENT, "addressed to " + c.command.recipient());
    }

    private Refused commandWithMac(Candidate c) {
        boolean withMac = c.message instanceof GbcsMessage.WithMacHeader;
        return c.command.cra() == CraFlag.COMMAND && (withMac || signatureOnly(c.command)) ? null
                : Refused.of(Rejection.Reason.NOT_A_COMMAND, "CRA " + c.command.cra() + ", MAC header " + withMac);
    }

    private Refused macVerifies(Candidate c) {
        if (!(c.message instanceof GbcsMessage.WithMacHeader)) {
            return null; // a signature-only command: the signed stage requires its signature
        }
        // GBCS: the ACB MACs every command with the key agreement key of the device's ACB cell. A device that has
        // handed that cell to another party (DUIS 8.5, a service opt-out) takes no command the DCC's ACB MACs.
        if (!acbCellHoldsTheDccsAcb()) {
            return Refused.of(Rejection.Reason.MAC_FAILED, "MACed by " + security().accessControlBroker()
                    + ", whose key is not in the ACB cell (" + trust().party(Role.ACB).orElseThrow() + ")");
        }
        return security().verifyMac(c.wire, c.message) == org.dccsim.gbcs.crypto.Check.VALID ? null
                : Refused.of(Rejection.Reason.MAC_FAILED, "counter " + Long.toUnsignedString(c.command.originatorCounter()));
    }

    /**
     * Whether the device's ACB cell holds the DCC's ACB: its party and, where a CS02b installed one, its key agreement
     * key (another party's key under the DCC's ACB's EUI is another ACB). A device with no ACB cell takes the DCC's.
     */
    private boolean acbCellHoldsTheDccsAcb() {
        Optional<TrustAnchors.Cell> cell = trust().cell(Role.ACB);
        if (cell.isEmpty()) {
            return true;
        }
        org.dccsim.gbcs.Eui64 acb = security().accessControlBroker();
        if (!cell.get().party().equals(acb)) {
            return false;
        }
        org.dccsim.gbcs.crypto.EcKeys.PublicKey installed = cell.get().keyAgreementKey();
        return installed == null || security().keyStore().publicKey(acb, org.dccsim.gbcs.crypto.KeyUsage.KA)
                .map(k -> k.params().getQ().equals(installed.params().getQ())).orElse(true);
    }

    /**
     * Commands that may come signed without the MAC header: Provide Security Credential Details (CS02a, CS02f) from a
     * party that signs it rather than MACs it (RTDS CS02aSignature, CS02fSignature: the Transitional CoS party's and a
     * supplier's), and the Recovery party's CS02b (0x0108), which cannot lean on the ACB's key it may be replacing.
     * Nothing else is admitted without a MAC; these must then carry a signature that verifies.
     */
    static boolean signatureOnly(GeneralSigningApdu cmd) {
        return (cmd.messageCode() == SecurityCredentialDetails.CS02A || cmd.messageCode() == SecurityCredentialDetails.CS02F
                || cmd.messageCode() == org.dccsim.gbcs.usecase.LoadControllerCredentials.RECOVERY_ANY_EXCEPT_ROOT)
                && cmd.signature() instanceof org.dccsim.gbcs.frame.SignatureField.Ecdsa;
    }

    /**
     * Whether the answer is signed: a critical command's is, and so is every CS02b's (an update of a trust anchor
     * cell), even the ACB's own (0x0104), which comes MACed only (RTDS ACBByACB: its answer is signed).
     */
    static boolean answerSigned(Admitted a) {
        return a.critical() || a.useCase().id().startsWith("CS02b");
    }

    private Refused supported(Candidate c) {
        Optional<UseCase> useCase = UseCaseRegistry.standard().byMessageCode(c.command.messageCode());
        if (useCase.isEmpty() || !device.supports(c.command.messageCode())) {
            return new Refused(Rejection.Reason.UNSUPPORTED_MESSAGE_CODE, String.format("message code 0x%04X",
                    c.command.messageCode()), c.command, trust().roleOf(c.command.originator()).isPresent());
        }
        c.useCase = useCase.get();
        return null;
    }

    private Refused roleMaySend(Candidate c) {
        java.util.List<Role> roles = trust().rolesOf(c.command.originator());
        if (roles.isEmpty()) {
            return Refused.of(Rejection.Reason.UNKNOWN_REMOTE_PARTY, c.command.originator().toString());
        }
        c.role = roleFor(roles, c.command.messageCode(), c.useCase);
        // Where the use-case tables name no roles (legacy use cases), any trusted party may send it.
        if (!c.useCase.roles().isEmpty() && !c.useCase.mayBeSentBy(c.role)) {
            return Refused.of(Rejection.Reason.ROLE_NOT_ALLOWED, c.role + " may not send " + c.useCase.id());
        }
        return null;
    }

    /**
     * The role a party that holds several cells sends in (the DCC's ACB in a DCC-controlled device's supplier or
     * network operator cell, DUIS 6.21): for a CS02b replacing a party's own cell, that cell's role; else the ACB's
     * where it holds that cell and may send the use case, else the first role that may; else the first it holds.
     */
    static Role roleFor(java.util.List<Role> roles, int messageCode, UseCase useCase) {
        if (roles.size() == 1) {
            return roles.get(0);
        }
        Optional<Role> own = org.dccsim.gbcs.usecase.LoadControllerCredentials.ownCellReplacedBy(messageCode)
                .filter(roles::contains);
        if (own.isPresent()) {
            return own.get();
        }
        if (roles.contains(Role.ACB) && (useCase.roles().isEmpty() || useCase.mayBeSentBy(Role.ACB))) {
            return Role.ACB;
        }
        return roles.stream().filter(useCase::mayBeSentBy).findFirst().orElse(roles.get(0));
    }

    private Refused signed(Candidate c) {
        c.critical = c.useCase.messageType() == MessageType.CRITICAL_COMMAND && !acbMacVariant(c.command, c.role)
                || !(c.message instanceof GbcsMessage.WithMacHeader);
        if (!c.critical) {
            return null;
        }
        // The signer's key: the one installed in its trust anchor cell, else the key store's.
        TrustAnchors.Cell cell = trust().cell(c.role).orElse(null);
        org.dccsim.gbcs.crypto.Check signature = cell != null && cell.signingKey() != null
                ? security().verifySignature(c.wire, c.message, cell.signingKey()) : security().verifySignature(c.wire, c.message);
        return signature == org.dccsim.gbcs.crypto.Check.VALID ? null
                : Refused.of(Rejection.Reason.SIGNATURE_FAILED, c.useCase.id() + " from " + c.command.originator());
    }

    private Refused fresh(Candidate c) {
        // The tables leave the security credential commands' replay protection open ("-"); each carries its
        // originator's counter (GBCS 13, its header's [3]), and a replayed one would roll a cell back or re-run a
        // recovery: a decision, they are replay protected like the rest.
        boolean credentials = c.useCase.replayProtected() == null && c.useCase.id().startsWith("CS02");
        if (!Boolean.TRUE.equals(c.useCase.replayProtected()) && !credentials) {
            return null;
        }
        Map<Eui64, Long> accepted = device.acceptedCounters();
        Long last = accepted.get(c.command.originator());
        if (last != null && Long.compareUnsigned(c.command.originatorCounter(), last) <= 0) {
            return Refused.of(Rejection.Reason.REPLAYED_COUNTER, "counter " + Long.toUnsignedString(c.command.originatorCounter())
                    + " not above " + Long.toUnsignedString(last));
        }
        accepted.put(c.command.originator(), c.command.originatorCounter());
        return null;
    }

    /**
     * CS02a/CS02f from the ACB come MACed, not signed (the RTDS's CS02aMAC and CS02fMAC), and are answered MACed,
     * though GBCS lists the use cases as critical for the parties that sign them.
     */
    static boolean acbMacVariant(GeneralSigningApdu cmd, Role from) {
        return (cmd.messageCode() == SecurityCredentialDetails.CS02A || cmd.messageCode() == SecurityCredentialDetails.CS02F)
                && from == Role.ACB;
    }

    private TrustAnchors trust() {
        return device.trustAnchors();
    }

    private GbcsSecurity security() {
        return device.security();
    }
}

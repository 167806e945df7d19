package org.dccsim.srv;

import java.time.Instant;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.OtherInformation;
import org.dccsim.gbcs.frame.SignatureField;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.MessageType;
import org.dccsim.gbcs.usecase.Role;
import org.dccsim.gbcs.usecase.UseCase;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseCommands;
import org.dccsim.gbcs.usecase.UseCaseRegistry;
import org.dccsim.srv.bindings.Fields;

/**
 * Turns a DUIS service request into the GBCS command of its use case (DUIS-NOTES 1d; RTDS-verified by the transform
 * parity test), in two steps the head-end and {@code dccsim sr transform} share: {@link #plan} decides from the SRV's
 * binding which use case, who sends it and when; {@link #transform} reads the body through the binding and builds the
 * General-Signing APDU: a pre-command for critical use cases (to be signed by the user), otherwise a command with the
 * null signature for the ACB to MAC.
 */
public final class Transformer {
    private final SrvCatalogue catalogue;
    private final DeviceDirectory directory;
    private final DccChoices choices;

    public Transformer() {
        this(SrvCatalogue.standard());
    }

    public Transformer(SrvCatalogue catalogue) {
        this(catalogue, DeviceDirectory.NONE);
    }

    /** A transformer that asks {@code directory} (the head-end's inventory) what a request leaves to the DSP. */
    public Transformer(SrvCatalogue catalogue, DeviceDirectory directory) {
        this(catalogue, directory, DccChoices.RANDOM);
    }

    /** As above, with what the DCC chooses itself (9.1's Customer Identification Number) from {@code choices}. */
    public Transformer(SrvCatalogue catalogue, DeviceDirectory directory, DccChoices choices) {
        this.catalogue = catalogue;
        this.directory = directory;
        this.choices = choices;
    }

    public SrvCatalogue catalogue() {
        return catalogue;
    }

    /**
     * What is decided about a request before its body is read: its binding, its use case, whether the ACB sends it
     * (on the user's behalf, or in its own name), and, for a request the DCC holds, when to send it (null: now).
     */
    public record Plan(Srv srv, String useCase, boolean byAcb, Instant executeAt) {
        public UseCase gbcsUseCase() {
            return Srv.useCase(useCase);
        }
    }

    /** The DCC sending as the Access Control Broker, with its own counter (GBCS-NOTES a.3). */
    /**
     * What the DCC sends with: the ACB, the counter of the DCC party that sends (the ACB's, or the Transitional CoS
     * party's: one counter serves both, rising for each), and the Transitional CoS party (6.23).
     */
    public record OnBehalf(Eui64 acb, long acbCounter, Eui64 transitionalCoS) {
        /** DCC Boxed's and the RTDS's Transitional CoS party. */
        public static final Eui64 BOXED_TRANSITIONAL_COS = Eui64.parse("90B3D51F30000004");

        public OnBehalf(Eui64 acb, long acbCounter) {
            this(acb, acbCounter, BOXED_TRANSITIONAL_COS);
        }
    }

    /**
     * The result: the use case and its APDU (signature field absent for a pre-command, null otherwise), and the typed
     * DLMS command it came from (null for ASN.1 use cases such as CS02g); {@code macOnly} when the ACB sends it MACed in
     * its own name.
     */
    public record Transformed(UseCase useCase, GeneralSigningApdu apdu, UseCaseCommand command, boolean macOnly,
            boolean acbSigns) {
        public Transformed(UseCase useCase, GeneralSigningApdu apdu, UseCaseCommand command, boolean macOnly) {
            this(useCase, apdu, command, macOnly, false);
        }

        /**
         * Critical for the user (it signs it, variant 4 then 5), unless it goes out MACed only by the ACB (CS02a/f) or
         * the ACB signs it on the user's behalf.
         */
        public boolean critical() {
            return useCase.messageType() == MessageType.CRITICAL_COMMAND && !macOnly && !acbSigns;
        }
    }

    /**
     * Checks a request against its SRV's binding and decides how it goes out.
     *
     * @param role the role the request is sent under; null where it is not known (the default use case, sent by the
     *             user)
     */
    public Plan plan(ServiceRequest sr, UserRole role) throws DuisException {
        Srv srv = catalogue.get(sr.serviceReferenceVariant())
                .orElseThrow(() -> CoverageGaps.notSupported(sr.serviceReferenceVariant()));
        if (!srv.serviceReference().equals(sr.serviceReference())) {
            throw new DuisException(DuisCodes.E12, "ServiceReference " + sr.serviceReference() + " does not go with variant "
                    + srv.variant());
        }
        if (!srv.bodyElement().equals(sr.body().name())) {
            throw new DuisException(DuisCodes.E12, "the body of " + srv.variant() + " is " + srv.bodyElement() + ", not "
                    + sr.body().name());
        }
        String useCase = srv.choice().choose(srv, sr, role, directory);
        if (sr.body().child("KAPublicSecurityCredentials").isPresent() && !srv.urpCredentials()) {
            throw new DuisException(DuisCodes.E12, srv.variant() + " takes no KAPublicSecurityCredentials");
        }
        byte[] urp = unknownRemoteParty(sr);
        Instant executeAt = null;
        Optional<Instant> at = Fields.executionDateTime(sr.body());
        if (at.isPresent()) {
            switch (srv.futureDating()) {
                case NONE -> throw new DuisException(DuisCodes.E12, srv.variant() + " cannot be future dated");
                case DCC -> executeAt = at.get();
                case DEVICE -> executeAt = null; // the time travels in the command
                default -> throw new IllegalStateException();
            }
        }
        return new Plan(srv, useCase, sentByAcb(srv, useCase, role, urp != null), executeAt);
    }

    /**
     * Whether the ACB sends it: always for bindings that say so; otherwise for an Other User, for an Unknown Remote
     * Party read, and where the use case does not take the user's role but takes the ACB's (GBCS 4.3 remote party roles,
     * the use-case table; ECS22a, the export profile DUIS 4.8.3 offers to suppliers, is one).
     */
    private static boolean sentByAcb(Srv srv, String useCase, UserRole role, boolean urp) {
        if (srv.sender() != Srv.Sender.BY_ROLE) {
            return true;
        }
        if (urp || role == UserRole.OTHER_USER) {
            return true;
        }
        if (role == null) {
            return false;
        }
        Optional<UseCase> uc = Optional.of(Srv.useCase(useCase));
        Role own = switch (role) {
            case SUPPLIER -> Role.SUPPLIER;
            case NETWORK_OPERATOR -> Role.NETWORK_OPERATOR;
            case LOAD_CONTROLLER -> Role.LOAD_CONTROLLER;
            case OTHER_USER -> Role.OTHER_USER;
        };
        return !uc.get().mayBeSentBy(own) && uc.get().mayBeSentBy(Role.ACB);
    }

    /**
     * Reads the body through the binding and builds the APDU. {@code acb} must be given when the plan says the ACB sends
     * it (the head-end draws the ACB's counter), and is ignored otherwise.
     */
    public Transformed transform(ServiceRequest sr, Plan plan, OnBehalf acb) throws DuisException {
        if (plan.byAcb() && acb == null) {
            throw new IllegalArgumentException(sr.serviceReferenceVariant() + " goes out as the ACB: give its counter");
        }
        Srv srv = plan.srv();
        XmlNode body = srv.futureDating() == Srv.FutureDating.DCC ? sr.body().without("ExecutionDateTime") : sr.body();
        Srv.Command command;
        try {
            command = srv.reader().read(new Srv.Request(sr, body, plan.useCase(), directory, choices,
                    acb != null ? acb.acbCounter() : sr.requestId().counter()));
        } catch (IllegalArgumentException e) {
            // The encoders refuse values they cannot encode (a certificate that is not strict DER, say): the body's
            // fault, so a DUIS refusal and not a server error.
            throw new DuisException(DuisCodes.E12, srv.variant() + ": " + e.getMessage());
        }
        Eui64 user = sr.requestId().originator();
        Eui64 device = sr.requestId().target();
        if (command instanceof Srv.Command.Asn1 asn1) {
            UseCase uc = UseCaseRegistry.standard().byMessageCode(asn1.messageCode())
                    .orElseThrow(() -> new IllegalStateException("no GBCS message code " + asn1.messageCode()));
            if (srv.sender() == Srv.Sender.ACB_OWN_NAME) {
                return new Transformed(uc, new GeneralSigningApdu(CraFlag.COMMAND, acb.acbCounter(), acb.acb(), device, null,
                        OtherInformation.of(uc.messageCode()), asn1.content(), SignatureField.NULL), null, true);
            }
            if (srv.sender() == Srv.Sender.ACB_SIGNS) {
                // The ACB hands over a cell it holds (6.21): signed by the ACB itself (the DCC signs), MACed by it.
                return new Transformed(uc, new GeneralSigningApdu(CraFlag.COMMAND, acb.acbCounter(), acb.acb(), device, null,
                        OtherInformation.of(uc.messageCode()), asn1.content(), SignatureField.ABSENT), null, false, true);
            }
            if (srv.sender() == Srv.Sender.TRANSITIONAL_COS) {
                // Signed by the Transitional CoS party itself (acbSigns: the DCC signs), MACed by the ACB.
                return new Transformed(uc, new GeneralSigningApdu(CraFlag.COMMAND, acb.acbCounter(), acb.transitionalCoS(),
                        device, null, OtherInformation.of(uc.messageCode()), asn1.content(), SignatureField.ABSENT), null,
                        false, true);
            }
            boolean critical = uc.messageType() == MessageType.CRITICAL_COMMAND;
            if (plan.byAcb()) {
                // The ACB on the user's behalf (8.7.2, 8.8.2): the user in other-information, and a critical use case
                // signed by the ACB itself (GBCS-NOTES: the ACB signs the non-critical variants of CS03 and CS04).
                return new Transformed(uc, new GeneralSigningApdu(CraFlag.COMMAND, acb.acbCounter(), acb.acb(), device, null,
                        new OtherInformation(uc.messageCode(), user, sr.requestId().counter(), null, null), asn1.content(),
                        critical ? SignatureField.ABSENT : SignatureField.NULL), null, false, critical);
            }
            return new Transformed(uc, new GeneralSigningApdu(CraFlag.COMMAND, sr.requestId().counter(), user, device, null,
                    OtherInformation.of(uc.messageCode()), asn1.content(),
                    critical ? SignatureField.ABSENT : SignatureField.NULL), null, false);
        }
        UseCaseCommand cmd = ((Srv.Command.Dlms) command).command();
        CommandContext ctx = plan.byAcb()
                ? new CommandContext(acb.acb(), device, acb.acbCounter(), new OtherInformation(0, user,
                        sr.requestId().counter(), null, unknownRemoteParty(sr)))
                : new CommandContext(user, device, sr.requestId().counter());
        return new Transformed(cmd.useCase(), UseCaseCommands.build(cmd, ctx), cmd, false);
    }

    /** Plans and transforms a request sent by the user itself (no ACB), under an unknown role: for tests and tools. */
    public Transformed transform(ServiceRequest sr) throws DuisException {
        Plan plan = plan(sr, null);
        if (plan.byAcb()) {
            throw new DuisException(DuisCodes.E12, sr.serviceReferenceVariant() + " goes out as the ACB; plan it with a counter");
        }
        return transform(sr, plan, null);
    }

    /**
     * The user's key-agreement certificate from a read's KAPublicSecurityCredentials (DUIS
     * ReadLogFutureDatableAndURPCredentials), or null: with it the DCC sends the read as the ACB with the certificate in
     * other-information, and the device encrypts the data for that key (Unknown Remote Party). The certificate must be a
     * key-agreement certificate of the request's originator.
     */
    public static byte[] unknownRemoteParty(ServiceRequest sr) throws DuisException {
        Optional<XmlNode> c = sr.body().child("KAPublicSecurityCredentials");
        if (c.isEmpty()) {
            return null;
        }
        byte[] der = Fields.base64(c.get());
        SmkiCertificates.Parsed p;
        try {
            p = SmkiCertificates.parse(der);
        } catch (RuntimeException e) {
            throw new DuisException(DuisCodes.E12, "KAPublicSecurityCredentials is not a readable SMKI certificate");
        }
        if (!p.keyAgreement() || !p.party().equals(sr.requestId().originator())) {
            throw new DuisException(DuisCodes.E12, "KAPublicSecurityCredentials must be " + sr.requestId().originator()
                    + "'s key agreement certificate");
        }
        return der;
    }
}

package org.dccsim.srv;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.usecase.MessageType;
import org.dccsim.gbcs.usecase.UseCase;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseRegistry;

/**
 * One DUIS service request variant and everything dccsim knows about it: the DUIS body element, the GBCS use
 * cases and how one is chosen, the roles that may send it, who sends the command to the device, future dating,
 * Unknown Remote Party reads, and how the body becomes a command. One binding per SRV, registered in
 * {@link SrvCatalogue}; nothing else in dccsim holds knowledge of a single SRV.
 *
 * @param variant        the service reference variant, "7.16"
 * @param name           DUIS's name for it
 * @param bodyElement    the local name of the element inside the request's Body (DUIS XSD)
 * @param useCases       its GBCS use cases (variant names as the RTDS spells them), the default first
 * @param choice         which use case a request is for, from its body and target
 * @param roles          the DUIS roles that may send it
 * @param futureDating   whether and how an ExecutionDateTime is honoured
 * @param urpCredentials whether the body may carry KAPublicSecurityCredentials (an Unknown Remote Party read)
 * @param sender         who sends the command to the device
 * @param reader         the body to command mapping
 * @param statusChange   the DUIS device status the DCC records once the device's answer shows the SRV took effect, or
 *                       null for none
 */
public record Srv(String variant, String name, String bodyElement, List<String> useCases, UseCaseChoice choice,
        Set<UserRole> roles, FutureDating futureDating, boolean urpCredentials, Sender sender, Reader reader,
        StatusChange statusChange) {

    /**
     * A change of the device's DUIS status (8.2's DeviceStatus) that an SRV makes when the device's answer shows it took
     * effect: 8.1.1 Commission Device makes it Commissioned, 8.5 Service Opt Out Withdrawn.
     *
     * @param status     the DUIS DeviceStatus value
     * @param tookEffect whether the answer's APDU content shows the device did it
     */
    public record StatusChange(String status, java.util.function.Predicate<byte[]> tookEffect) {
        public StatusChange {
            Objects.requireNonNull(status);
            Objects.requireNonNull(tookEffect);
        }
    }

    /** How a request's ExecutionDateTime is honoured (DUIS "future dated" column). */
    public enum FutureDating {
        /** Not future-datable: an ExecutionDateTime is refused (E12). */
        NONE,
        /** The DCC holds the request and sends it at its time (DUIS "DSP"). */
        DCC,
        /** The time travels in the command and the device runs it then (DUIS "Device"). */
        DEVICE
    }

    /** Who the command to the device comes from. */
    public enum Sender {
        /**
         * The user, unless the use case does not take the user's role while it takes the ACB's (GBCS 4.3 remote party
         * roles, the use-case table) or the user is an Other User: then the ACB on the user's behalf.
         */
        BY_ROLE,
        /** Always the ACB on the user's behalf (where DCC's own messages show it so). */
        ACB_ON_BEHALF,
        /** The ACB in its own name, MACed only, no supplementary fields (6.24.1's CS02aMAC and CS02fMAC). */
        ACB_OWN_NAME,
        /**
         * The DCC's Transitional Change of Supplier party in its own name, signing it, the ACB MACing it (6.23's CS02b
         * SupplierByTransCoS): the DCC replaces the old supplier's cell with the new supplier's certificates.
         */
        TRANSITIONAL_COS,
        /**
         * The ACB in its own name, signing it, MACing it: as the holder of the cell it hands over (6.21's CS02b
         * SupplierBySupplierHandover and NOByNOHandover: a DCC-controlled device's supplier or network operator cell
         * holds the DCC's ACB, which replaces it with the requesting party's certificates).
         */
        ACB_SIGNS
    }

    /**
     * Picks the use case of a request among the SRV's: 6.5's by the body, 6.2.10's by the sender's role. {@code role}
     * is the role the request is sent under, or null where that is not known (the default use case then).
     */
    @FunctionalInterface
    public interface UseCaseChoice {
        /** {@code directory}: the DCC's inventory, for choices that turn on a device's type (8.7.x's join method). */
        String choose(Srv srv, ServiceRequest request, UserRole role, DeviceDirectory directory) throws DuisException;

        /** The SRV's default use case. */
        UseCaseChoice FIRST = (srv, request, role, directory) -> srv.useCases().get(0);
    }

    /** A request's body (ExecutionDateTime left in for DEVICE future dating, taken out for DCC) as a command. */
    @FunctionalInterface
    public interface Reader {
        Command read(Request request) throws DuisException;
    }

    /**
     * What a reader gets: the request, its body, the use case chosen for it, the DCC's inventory, and what the DCC
     * chooses itself.
     * {@code dccCounter} is the message's originator counter: a DCC party's when one sends it (6.23's CS02b repeats it
     * in its payload), else the request's own.
     */
    public record Request(ServiceRequest serviceRequest, XmlNode body, String useCase, DeviceDirectory directory,
            DccChoices dcc, long dccCounter) {
    }

    /** What a reader gives: a DLMS use case command, or an ASN.1 payload (the CS02 family) ready to send. */
    public sealed interface Command {
        record Dlms(UseCaseCommand command) implements Command {
        }

        /** @param messageCode the GBCS message code; {@code content} the payload as it goes in the APDU */
        record Asn1(int messageCode, byte[] content) implements Command {
            public Asn1 {
                content = content.clone();
            }

            @Override
            public byte[] content() {
                return content.clone();
            }
        }
    }

    public Srv {
        Objects.requireNonNull(variant);
        useCases = List.copyOf(useCases);
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (useCases.isEmpty()) {
            throw new IllegalArgumentException("SRV " + variant + " has no use case");
        }
    }

    /** The DUIS service reference: the variant's first two numbers ("4.8" for "4.8.1", "7.16" for "7.16"). */
    public String serviceReference() {
        String[] p = variant.split("\\.");
        return p.length > 2 ? p[0] + "." + p[1] : variant;
    }

    /**
     * What DCC's RTDS and DUIS templates call one of this SRV's use cases in their file names, where that differs:
     * 6.15.1's CS02g by the supplier is CS02gLoadControllerBySupplier, 8.1.1's ECS70 is ECS70Commission.
     */
    public String rtdsName(String useCase) {
        if (useCase.equals("CS02g")) {
            return "CS02gLoadControllerBySupplier";
        }
        // Join and unjoin use cases that both a critical and a non-critical SRV send are told apart by the SRV.
        if ((useCase.equals("CS03A2") || useCase.equals("CS04AC")) && (variant.startsWith("8.7.") || variant.startsWith("8.8."))) {
            return useCase + (variant.endsWith(".1") ? "Critical" : "NonCritical");
        }
        return useCase.equals("ECS70") && variant.equals("8.1.1") ? "ECS70Commission" : useCase;
    }

    /**
     * The GBCS use case (as the registry names it) behind a variant name: the RTDS and the DUIS templates tell
     * ECS47's activate, deactivate and reset, and ECS62's add and remove, apart by name; the MAC-only CS02a/f are CS02a/f.
     */
    public static String registryId(String useCase) {
        if (useCase.startsWith("CS02") && useCase.endsWith("MAC")) {
            return useCase.substring(0, useCase.length() - 3);
        }
        if (useCase.startsWith("CS02b")) {
            return "CS02b"; // the RTDS names CS02b by whose cell and who updates it: CS02bSupplierBySupplier, CS02bNOByNO
        }
        if (useCase.startsWith("ECS47") && !useCase.equals("ECS47a") && !useCase.equals("ECS47e")) {
            return "ECS47";
        }
        return useCase.startsWith("ECS62") ? "ECS62" : useCase;
    }

    /**
     * The GBCS use case of one of this SRV's use case names: its command (CS02g also names the alert 0x0124 that reports
     * a future-dated update; the command is what an SRV sends), the lowest message code where there are several.
     */
    public static UseCase useCase(String useCase) {
        // Asked on every request the head-end transforms: the registry's scan, once per name.
        UseCase known = USE_CASES.get(useCase);
        if (known != null) {
            return known;
        }
        UseCase found = findUseCase(useCase);
        if (USE_CASES.size() < 4096) {
            USE_CASES.put(useCase, found);
        }
        return found;
    }

    private static final java.util.Map<String, UseCase> USE_CASES = new java.util.concurrent.ConcurrentHashMap<>();

    private static UseCase findUseCase(String useCase) {
        String id = registryId(useCase);
        return UseCaseRegistry.standard().all().stream()
                .filter(u -> List.of(u.id().split("/")).contains(id))
                .filter(u -> u.messageType() == MessageType.CRITICAL_COMMAND || u.messageType() == MessageType.NON_CRITICAL_COMMAND)
                .min(java.util.Comparator.comparingInt(UseCase::messageCode))
                .or(() -> UseCaseRegistry.standard().byId(id))
                .orElseThrow(() -> new IllegalStateException("no GBCS use case " + useCase));
    }

    /**
     * Whether a user sends it through the critical flow (transform, sign, send; DUIS command variants 4 and 5): its
     * default use case is a critical command, unless the ACB sends it, in its own name or signing it on the user's
     * behalf (8.7.2, 8.8.2).
     */
    public boolean critical() {
        return sender == Sender.BY_ROLE && useCase(useCases.get(0)).messageType() == MessageType.CRITICAL_COMMAND;
    }

    /**
     * Whether the use case is a communications hub's (its GBCS target is the CHF), e.g. 8.11's CCS01; the sub-GHz use
     * cases (DBCH01-DBCH05) target a dual band hub, which every simulated hub is.
     */
    public static boolean targetsHub(String useCase) {
        java.util.Collection<String> types = useCase(useCase).deviceTypes();
        return types.contains("CHF") || types.contains("CHFinaDualBandCHonly");
    }

    /** Whether a SAPC takes it (UseCaseRegistry.SAPC_USE_CASES); ESMEs take every SRV here. */

    public boolean takenBySapc(String useCase) {
        return UseCaseRegistry.SAPC_USE_CASES.contains(registryId(useCase));
    }

    public static Builder of(String variant, String name) {
        return new Builder(variant, name);
    }

    /** Builds a binding; defaults: first use case, not future-datable, no URP credentials, sent by role. */
    public static final class Builder {
        private final String variant;
        private final String name;
        private String body;
        private List<String> useCases = List.of();
        private UseCaseChoice choice = UseCaseChoice.FIRST;
        private Set<UserRole> roles = Set.of();
        private FutureDating futureDating = FutureDating.NONE;
        private boolean urp;
        private Sender sender = Sender.BY_ROLE;
        private StatusChange statusChange;

        private Builder(String variant, String name) {
            this.variant = variant;
            this.name = name;
        }

        public Builder body(String element) {
            this.body = element;
            return this;
        }

        public Builder useCases(String... ids) {
            this.useCases = List.of(ids);
            return this;
        }

        public Builder choice(UseCaseChoice c) {
            this.choice = c;
            return this;
        }

        public Builder roles(UserRole... r) {
            this.roles = Set.of(r);
            return this;
        }

        public Builder futureDating(FutureDating f) {
            this.futureDating = f;
            return this;
        }

        /** The body may carry the user's KA certificate: the read goes out as the ACB, encrypted for the user. */
        public Builder urpCredentials() {
            this.urp = true;
            return this;
        }

        public Builder sender(Sender s) {
            this.sender = s;
            return this;
        }

        /** The device's DUIS status once its answer shows the SRV took effect ({@link StatusChange}). */
        public Builder statusWhenAnswered(String status, java.util.function.Predicate<byte[]> tookEffect) {
            this.statusChange = new StatusChange(status, tookEffect);
            return this;
        }

        public Srv reader(Reader r) {
            return new Srv(variant, name, Objects.requireNonNull(body, "body element of " + variant), useCases, choice, roles,
                    futureDating, urp, sender, r, statusChange);
        }
    }
}

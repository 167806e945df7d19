package org.dccsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.duis.UserRole;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.srv.Srv;
import org.dccsim.srv.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dccsim sr transform}: what a DUIS request becomes in GBCS, without a server, on the head-end's own path
 * ({@link Transformer#plan} then {@link Transformer#transform}): the use case chosen from the body and the sender's role,
 * the ACB sending where the head-end would, Unknown Remote Party reads, and DCC-held future dating reported.
 */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = "Print the GBCS hex a DUIS request file becomes: the command, MACed as the ACB, for command "
                + "variant 1; the pre-command for variant 4. The head-end's own transform: the same use case, sender "
                + "and checks.",
        footer = ExitCodes.HELP + "%nExample:%n"
                + "  dccsim sr transform --keys ../shared/rtds/keystore ECS22b_4.8.1_SINGLE_SUCCESS_REQUEST_DUIS.XML%n")
final class SrTransformCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A DUIS request (XML).")
    Path file;

    @Option(names = "--keys", paramLabel = "DIR", required = true,
            description = "Key directory with the ACB's KA private key and the device's KA certificate (to MAC).")
    Path keys;

    @Option(names = "--acb", paramLabel = "EUI", defaultValue = "90B3D51F30000002",
            description = "The Access Control Broker (default: ${DEFAULT-VALUE}).")
    String acb;

    @Option(names = "--use-case", paramLabel = "ID", description = "For SRVs with several use cases, which one "
            + "(e.g. ECS26k for a polyphase meter's 6.2.1); default: the one the head-end would choose.")
    String useCase;

    @Option(names = "--role", paramLabel = "ROLE", description = "The role the request is sent under: SUPPLIER, "
            + "NETWORK_OPERATOR, LOAD_CONTROLLER or OTHER_USER (default: the DCC Boxed party the originator is, else the "
            + "SRV's first role).")
    UserRole role;

    @Option(names = "--acb-counter", paramLabel = "N", description = "The ACB's counter, where the ACB sends the command "
            + "(default: the current time in milliseconds, as the head-end draws it).")
    Long acbCounter;

    @Option(names = "--xsd", paramLabel = "FILE", description = "Validate against this DUIS schema first.")
    Path xsd;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(keys)) {
            throw new UserError(ExitCodes.BAD_INPUT, "--keys " + keys + ": no such directory");
        }
        byte[] xml;
        try {
            xml = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError(ExitCodes.BAD_INPUT, file + ": cannot read: " + e.getMessage());
        }
        try {
            DuisDocuments docs = xsd == null ? DuisDocuments.withoutSchema() : DuisDocuments.withSchema(xsd);
            ServiceRequest sr = ServiceRequest.read(docs.parse(xml));
            Transformer transformer = new Transformer();
            Srv srv = transformer.catalogue().get(sr.serviceReferenceVariant()).orElseThrow(() -> new UserError(
                    ExitCodes.BAD_INPUT, file + ": " + org.dccsim.srv.CoverageGaps.notSupported(sr.serviceReferenceVariant())
                            .getMessage()));
            UserRole as = role != null ? role : roleOf(sr.requestId().originator(), srv);
            Transformer.Plan plan = transformer.plan(sr, as);
            if (useCase != null) {
                if (!srv.useCases().contains(useCase)) {
                    throw new UserError(ExitCodes.BAD_INPUT, "--use-case " + useCase + " is not one of " + srv.variant() + "'s "
                            + srv.useCases());
                }
                plan = new Transformer.Plan(srv, useCase, plan.byAcb(), plan.executeAt());
            }
            Transformer.OnBehalf onBehalf = plan.byAcb() ? new Transformer.OnBehalf(Eui64.parse(acb),
                    acbCounter != null ? acbCounter : System.currentTimeMillis()) : null;
            Transformer.Transformed t = transformer.transform(sr, plan, onBehalf);
            byte[] out;
            if (t.critical()) {
                out = GbcsFrameEncoder.encodeApdu(t.apdu());
            } else {
                GbcsSecurity security = new GbcsSecurity(new DirectoryKeyStore(keys), Eui64.parse(acb));
                out = GbcsFrameEncoder.encode(security.addMac(t.apdu()));
            }
            spec.commandLine().getOut().println(Hex.encode(out));
            spec.commandLine().getErr().println("dccsim: " + sr.serviceReferenceVariant() + " as " + as + " -> "
                    + t.useCase().displayName()
                    + (t.critical() ? " (critical: a pre-command for " + sr.requestId().originator() + " to sign)" : "")
                    + (plan.byAcb() ? " (sent by the ACB " + acb + ", counter " + onBehalf.acbCounter() + ")" : "")
                    + (plan.executeAt() != null ? " (the DCC holds it until " + plan.executeAt() + ")" : ""));
            return ExitCodes.OK;
        } catch (DuisException e) {
            throw new UserError(ExitCodes.BAD_INPUT, file + ": " + e.getResponseCodeText());
        } catch (IOException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (KeyStoreException | IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }

    /** The role of a DCC Boxed party (the RTDS and the templates use them), else the SRV's first. */
    private static UserRole roleOf(Eui64 originator, Srv srv) {
        UserRole known = switch (originator.toString()) {
            case RtdsProfile.SUPPLIER -> UserRole.SUPPLIER;
            case RtdsProfile.NETWORK_OPERATOR -> UserRole.NETWORK_OPERATOR;
            case RtdsProfile.LOAD_CONTROLLER -> UserRole.LOAD_CONTROLLER;
            default -> null;
        };
        if (known != null && srv.roles().contains(known)) {
            return known;
        }
        return srv.roles().stream().sorted().findFirst().orElse(UserRole.SUPPLIER);
    }
}

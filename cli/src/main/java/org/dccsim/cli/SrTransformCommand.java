package org.dccsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.ServiceRequest;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.headend.transform.Transformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim sr transform}: what a DUIS request becomes in GBCS, without a server. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = "Print the GBCS hex a DUIS request file becomes: the command, MACed as the ACB, for command "
                + "variant 1; the pre-command for variant 4.",
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
            + "(e.g. ECS26k for a polyphase meter's 6.2.1).")
    String useCase;

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
            Transformer.Transformed t = new Transformer().transform(sr, useCase);
            byte[] out;
            if (t.critical()) {
                out = GbcsFrameEncoder.encodeApdu(t.apdu());
            } else {
                GbcsSecurity security = new GbcsSecurity(new DirectoryKeyStore(keys), Eui64.parse(acb));
                out = GbcsFrameEncoder.encode(security.addMac(t.apdu()));
            }
            spec.commandLine().getOut().println(Hex.encode(out));
            spec.commandLine().getErr().println("dccsim: " + sr.serviceReferenceVariant() + " -> " + t.useCase().displayName()
                    + (t.critical() ? " (critical: a pre-command for " + sr.requestId().originator() + " to sign)" : ""));
            return ExitCodes.OK;
        } catch (DuisException e) {
            throw new UserError(ExitCodes.BAD_INPUT, file + ": " + e.getResponseCodeText());
        } catch (IOException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (KeyStoreException | IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }
}

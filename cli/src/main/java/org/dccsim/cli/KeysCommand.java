package org.dccsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.lab.Organisations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim keys ...}: test key material. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make test key material.",
        subcommands = {KeysCommand.Init.class}, footer = ExitCodes.HELP)
final class KeysCommand {
    /**
     * {@code dccsim keys init DIR}: a complete test PKI in the RTDS key-store layout. A root CA ("00"/"ZA")
     * issues an issuing CA ("07"/"Z1"), which issues every organisation and device certificate. Organisation
     * certificates follow the SMKI shape the RTDS uses (OU the role code, the EUI-64 as x500UniqueIdentifier,
     * P-256, one key usage each: digitalSignature for -ds, keyAgreement for -ka). Device certificates carry the
     * device's EUI-64 the same way; real SMKI device certificates put it in the subject alternative name
     * (hardwareModuleName), which nothing in dccsim reads, so we keep one shape.
     */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make a complete test PKI (CAs, organisation and device certificates, XML-signing keys) in DIR.",
            footer = ExitCodes.HELP + "%nExample:%n  dccsim keys init my-pki --devices 10%n"
                    + "Files: <eui>-ds|ka.pem (certificate) and .key (private key, mode 600), as in the RTDS keystore;%n"
                    + "xml-sign-<EUI>-ds.pem|key for DUIS XML signatures (dsp-xml-sign-... for the DCC); root-ca.pem,%n"
                    + "issuing-ca.pem; and index.txt naming every identity.%n")
    static final class Init implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Where to write; must be empty or absent.")
        Path dir;

        @Option(names = "--devices", defaultValue = "4", paramLabel = "N",
                description = "How many device identities (ESMEs and SAPCs alike), 0-10000 (default: ${DEFAULT-VALUE}).")
        int devices;

        @Option(names = "--first-device", defaultValue = "00DB000000010001", paramLabel = "EUI",
                description = "The first device's EUI-64; the others count up from it (default: ${DEFAULT-VALUE}).")
        String firstDevice;

        @Spec
        CommandSpec spec;

        private final SecureRandom random = new SecureRandom();
        private long serial = 100_000;

        @Override
        public Integer call() throws IOException {
            if (devices < 0 || devices > 10_000) {
                throw new UserError(ExitCodes.BAD_INPUT, "--devices must be 0 to 10000");
            }
            Eui64 first;
            try {
                first = Eui64.parse(firstDevice);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--first-device: " + e.getMessage());
            }
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new UserError(ExitCodes.BAD_INPUT, dir + " exists and is not a directory");
                }
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new UserError(ExitCodes.BAD_INPUT, dir + " is not empty; keys init never overwrites keys");
                    }
                }
            }
            Files.createDirectories(dir);
            PrintWriter out = spec.commandLine().getOut();
            List<String> index = new ArrayList<>();
            Organisations orgs = Organisations.generate(Organisations.standard(1), random);
            orgs.write(dir);
            index.add("root-ca           root CA (OU 00, CN ZA)");
            index.add("issuing-ca        issuing CA (OU 07, CN Z1), issued by the root");
            index.add(Organisations.ACB + "  DCC Access Control Broker: GBCS DS and KA; DSP XML signing (signs DUIS responses)");
            for (Organisations.Member m : orgs.members()) {
                index.add(m.eui() + "  " + m.name() + " " + m.spec().roles() + ": GBCS DS and KA (SMKI role "
                        + m.spec().smkiRole() + "), XML signing");
            }
            long base = first.value();
            for (int i = 0; i < devices; i++) {
                Eui64 d = Eui64.of(base + i);
                for (boolean ds : new boolean[] {true, false}) {
                    java.security.KeyPair kp = TestCertificates.newKeyPair(random);
                    X509Certificate c = TestCertificates.issue(d, -1, ds ? KeyUsage.digitalSignature : KeyUsage.keyAgreement,
                            next(), kp.getPublic(), orgs.issuingCa(), null);
                    Organisations.writeIssued(dir, d.fileStem() + (ds ? "-ds" : "-ka"), new TestCertificates.Issued(kp, c));
                }
                index.add(d + "  device: GBCS DS and KA");
            }
            Files.writeString(dir.resolve("index.txt"), String.join("\n", index) + "\n", StandardCharsets.UTF_8);
            out.printf("dccsim keys: a test PKI in %s: root and issuing CA, %d organisations, %d devices (%d files)%n", dir,
                    orgs.members().size() + 1, devices, countFiles());
            out.flush();
            return ExitCodes.OK;
        }

        private BigInteger next() {
            return BigInteger.valueOf(++serial);
        }

        private long countFiles() throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.count();
            }
        }
    }
}

package org.dccsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.PemFiles;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.crypto.TestCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim keys ...}: test key material. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make test key material.",
        subcommands = {KeysCommand.Init.class}, footer = ExitCodes.HELP)
final class KeysCommand {
    /** The organisations of a test PKI: the RTDS's EUIs, so RTDS-shaped tooling recognises them. */
    record Org(String name, Eui64 eui, int role, boolean gbcsKeys, int xmlRole) {
    }

    static final List<Org> ORGS = List.of(
            new Org("DCC Access Control Broker", Eui64.parse("90B3D51F30000002"), 4, true, TestCertificates.ROLE_DSP_XML_SIGN),
            new Org("supplier", Eui64.parse("90B3D51F30010000"), 2, true, TestCertificates.ROLE_XML_SIGN),
            new Org("network operator", Eui64.parse("90B3D51F30020000"), 3, true, TestCertificates.ROLE_XML_SIGN),
            new Org("Load Controller (VLP)", Eui64.parse("90B3D51F30010008"), TestCertificates.ROLE_LOAD_CONTROLLER, true,
                    TestCertificates.ROLE_XML_SIGN),
            new Org("Other User (VLP)", Eui64.parse("00DB123456780004"), 0, false, TestCertificates.ROLE_XML_SIGN));

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
        private long serial = 1000;

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
            TestCertificates.Issued root = TestCertificates.certificateAuthority("00", "ZA", null, next(), random);
            TestCertificates.Issued issuing = TestCertificates.certificateAuthority("07", "Z1", root, next(), random);
            write("root-ca", root);
            write("issuing-ca", issuing);
            index.add("root-ca         root CA (OU 00, CN ZA)");
            index.add("issuing-ca      issuing CA (OU 07, CN Z1), issued by the root");
            for (Org o : ORGS) {
                if (o.gbcsKeys()) {
                    gbcsPair(o.eui(), o.role(), issuing);
                }
                String xmlName = (o.xmlRole() == TestCertificates.ROLE_DSP_XML_SIGN ? "dsp-xml-sign-" : "xml-sign-") + o.eui() + "-ds";
                write(xmlName, TestCertificates.selfSigned(o.eui(), o.xmlRole(), next(), random));
                index.add(String.format("%s  %s: %sXML signing%s", o.eui(), o.name(), o.gbcsKeys() ? "GBCS DS and KA, " : "",
                        o.xmlRole() == TestCertificates.ROLE_DSP_XML_SIGN ? " (DSP, signs DUIS responses)" : ""));
            }
            long base = first.value();
            for (int i = 0; i < devices; i++) {
                Eui64 d = Eui64.of(base + i);
                gbcsPair(d, -1, issuing);
                index.add(d + "  device: GBCS DS and KA");
            }
            Files.writeString(dir.resolve("index.txt"), String.join("\n", index) + "\n", StandardCharsets.UTF_8);
            out.printf("dccsim keys: a test PKI in %s: root and issuing CA, %d organisations, %d devices (%d files)%n", dir,
                    ORGS.size(), devices, countFiles());
            out.flush();
            return ExitCodes.OK;
        }

        private void gbcsPair(Eui64 eui, int role, TestCertificates.Issued ca) throws IOException {
            for (boolean ds : new boolean[] {true, false}) {
                java.security.KeyPair kp = TestCertificates.newKeyPair(random);
                X509Certificate c = TestCertificates.issue(eui, role, ds ? KeyUsage.digitalSignature : KeyUsage.keyAgreement,
                        next(), kp.getPublic(), ca, null);
                write(eui.fileStem() + (ds ? "-ds" : "-ka"), new TestCertificates.Issued(kp, c));
            }
        }

        private void write(String stem, TestCertificates.Issued issued) throws IOException {
            try {
                Files.writeString(dir.resolve(stem + ".pem"), PemFiles.pem("CERTIFICATE", issued.certificate().getEncoded()),
                        StandardCharsets.US_ASCII);
            } catch (CertificateEncodingException e) {
                throw new UserError(ExitCodes.INTERNAL_ERROR, "cannot encode a certificate: " + e.getMessage());
            }
            PemFiles.writePrivateKey(dir.resolve(stem + ".key"), SmkiCertificates.fromJca(issued.keys().getPrivate()));
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

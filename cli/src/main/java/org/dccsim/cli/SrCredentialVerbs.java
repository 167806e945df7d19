package org.dccsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dccsim.duis.Bodies;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.CertificationRequests;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.PemFiles;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.payload.Payload;
import org.dccsim.gbcs.usecase.DeviceSecurityCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A device's own signing credentials (GBCS 13.4-13.6) as the supplier changes them: {@code issue-credentials} (6.17)
 * has the device make a new key and answer with a certification request, SMKI issues the certificate
 * ({@code POST /services/issuedevicecertificate} on the head-end's SMKI port), {@code place-certificate} (6.15.2) puts
 * it on the device, which signs with the new key from then on, and {@code read-certificate} (6.24.2) reads it back.
 */
final class SrCredentialVerbs {
    private SrCredentialVerbs() {
    }

    /** A verb to one ESME or SAPC that may be answered with CS02's INTEGER refusal. */
    abstract static class CredentialVerb extends SrVerbs.Verb {
        @Parameters(index = "0", paramLabel = "DEVICE", description = "The ESME's or SAPC's EUI-64.")
        String device;

        /** Set by {@link #describe} when the device refused. */
        String refusal;

        @Override
        Eui64 device() {
            return SrSession.device(device);
        }

        @Override
        String failure() {
            return refusal;
        }

        /** The ASN.1 answer; null (with the refusal noted) when it is CS02's INTEGER result other than success. */
        byte[] answer(Inspection in, Map<String, Object> result, List<String> lines) {
            if (!(in.payload() instanceof Payload.Asn1 a)) {
                return null;
            }
            byte[] content = a.bytes();
            if (!DeviceSecurityCredentials.isResult(content)) {
                return content;
            }
            try {
                int code = DeviceSecurityCredentials.decodeResult(content);
                result.put("result", code);
                lines.add("  result   " + code + (code == DeviceSecurityCredentials.RESULT_SUCCESS ? " (done)" : " (refused)"));
                if (code != DeviceSecurityCredentials.RESULT_SUCCESS) {
                    refusal = "the device refused (result " + code + "; dccsim's devices re-key and report their signing "
                            + "credentials only, and place only a certificate for the key they made last)";
                }
            } catch (GbcsDecodeException e) {
                refusal = "the device's answer does not decode: " + e.getMessage();
            }
            return null;
        }

        static String credentialType(String type) {
            return switch (type.toLowerCase(java.util.Locale.ROOT)) {
                case "ds", "signing" -> Bodies.DIGITAL_SIGNATURE;
                case "ka", "key-agreement" -> Bodies.KEY_AGREEMENT;
                default -> throw new UserError(ExitCodes.BAD_INPUT, "--type " + type + " is not ds or ka");
            };
        }

        void write(Path out, String pem) {
            try {
                Files.writeString(out, pem, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "cannot write " + out + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "issue-credentials", mixinStandardHelpOptions = true,
            description = "Have a device make a new signing key and answer with a certification request for it (6.17, "
                    + "CS02c, critical; as the supplier). Take the request to SMKI, then place the certificate with "
                    + "place-certificate.",
            footer = SrVerbs.FOOTER + "  dccsim sr issue-credentials 00DB1234567890A0 --out esme-ds.csr%n")
    static final class Issue extends CredentialVerb {
        @Option(names = "--type", defaultValue = "ds", paramLabel = "ds|ka",
                description = "Which key: ds (digital signature) or ka (key agreement) (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the certification request here (PEM).")
        Path out;

        @Override
        String srv() {
            return "6.17";
        }

        @Override
        XmlNode body() {
            return Bodies.issueSecurityCredentials(credentialType(type));
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            byte[] csr = answer(in, result, lines);
            if (csr == null) {
                return;
            }
            try {
                CertificationRequests.Request r = CertificationRequests.parse(csr);
                String pem = PemFiles.pem("CERTIFICATE REQUEST", csr);
                result.put("certificationRequest", java.util.Base64.getEncoder().encodeToString(csr));
                lines.add("  request  for " + r.device() + "'s new " + (r.usage() == org.dccsim.gbcs.crypto.KeyUsage.DS
                        ? "signing" : "key agreement") + " key, self-signed");
                if (out != null) {
                    write(out, pem);
                    lines.add("  written  " + out);
                } else {
                    lines.add(pem.strip());
                }
            } catch (KeyStoreException e) {
                refusal = "the device's certification request does not hold up: " + e.getMessage();
            }
        }
    }

    @Command(name = "place-certificate", mixinStandardHelpOptions = true,
            description = "Place a device certificate on its device (6.15.2, CS02d, critical; as the supplier): the device "
                    + "signs with the key it made for issue-credentials from then on.",
            footer = SrVerbs.FOOTER + "  dccsim sr place-certificate 00DB1234567890A0 --certificate esme-ds.pem%n")
    static final class Place extends CredentialVerb {
        @Option(names = "--certificate", required = true, paramLabel = "FILE",
                description = "The device certificate SMKI issued (PEM or DER).")
        Path certificate;

        @Override
        String srv() {
            return "6.15.2";
        }

        @Override
        XmlNode body() {
            if (!Files.isRegularFile(certificate)) {
                throw new UserError(ExitCodes.BAD_INPUT, "--certificate " + certificate + ": no such file");
            }
            try {
                byte[] der = JcaPem.readCertificate(certificate).getEncoded();
                SmkiCertificates.Parsed p = SmkiCertificates.parse(der);
                if (!p.party().equals(device())) {
                    throw new UserError(ExitCodes.BAD_INPUT, "--certificate is " + p.party() + "'s, not " + device() + "'s");
                }
                return Bodies.updateDeviceCertificate(der);
            } catch (KeyStoreException | java.security.cert.CertificateEncodingException e) {
                throw new UserError(ExitCodes.BAD_INPUT, certificate + ": not a device certificate: " + e.getMessage());
            }
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            answer(in, result, lines);
        }
    }

    @Command(name = "read-certificate", mixinStandardHelpOptions = true,
            description = "Read a device's own certificate from the device (6.24.2, CS02e, critical; as the supplier).",
            footer = SrVerbs.FOOTER + "  dccsim sr read-certificate 00DB1234567890A0 --out esme-ds.pem%n")
    static final class Read extends CredentialVerb {
        @Option(names = "--type", defaultValue = "ds", paramLabel = "ds|ka",
                description = "Which certificate: ds (digital signature) or ka (key agreement) (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the certificate here (PEM).")
        Path out;

        @Override
        String srv() {
            return "6.24.2";
        }

        @Override
        XmlNode body() {
            return Bodies.retrieveDeviceCertificate(credentialType(type));
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            byte[] cert = answer(in, result, lines);
            if (cert == null) {
                return;
            }
            try {
                SmkiCertificates.Parsed p = SmkiCertificates.parse(cert);
                java.security.cert.X509Certificate x = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                        .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(cert));
                result.put("serial", x.getSerialNumber().toString(16));
                result.put("certificate", java.util.Base64.getEncoder().encodeToString(cert));
                lines.add("  device   " + p.party());
                lines.add("  serial   " + x.getSerialNumber().toString(16) + " (issued by " + x.getIssuerX500Principal() + ")");
                if (out != null) {
                    write(out, PemFiles.pem("CERTIFICATE", cert));
                    lines.add("  written  " + out);
                }
            } catch (KeyStoreException | java.security.cert.CertificateException e) {
                refusal = "the device's certificate does not read: " + e.getMessage();
            }
        }
    }

    @Command(name = "opt-out", mixinStandardHelpOptions = true,
            description = "Opt a device out of the DCC (8.5 Service Opt Out, as its supplier): the DCC's ACB hands its cell "
                    + "on the device to the party whose certificates you give (GBCS CS02b, sent and MACed by the ACB). Once "
                    + "the device confirms, the DCC marks it Withdrawn and refuses requests to it (E5); opt-in (8.6) "
                    + "brings it back.",
            footer = SrVerbs.FOOTER + "  dccsim sr opt-out 00DB1234567890A0 --ka-cert new-acb-ka.pem --ca-cert issuing-ca.pem%n"
                    + "The device checks that the issuing CA signed the certificates and answers with a status per%n"
                    + "certificate; any failure exits 4.%n")
    static final class OptOut extends CellVerb {
        @Option(names = "--ka-cert", required = true, paramLabel = "FILE",
                description = "The new ACB's key-agreement certificate (PEM or DER).")
        Path kaCert;

        @Option(names = "--ds-cert", paramLabel = "FILE", description = "The new ACB's digital-signing certificate, if it has one.")
        Path dsCert;

        @Option(names = "--at", defaultValue = "now", paramLabel = "TIME",
                description = "When the DCC is to send it (DUIS makes it mandatory; default: ${DEFAULT-VALUE}, the "
                        + "head-end's clock).")
        String at;

        @Override
        String srv() {
            return "8.5";
        }

        @Override
        XmlNode body() {
            return Bodies.serviceOptOut(time("--at", at), der("--ka-cert", kaCert), der("--ds-cert", dsCert), path());
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            describeCell(in, result, lines, "acb", "ACB cell", ": the device is Withdrawn from the DCC",
                    "the new ACB's certificates");
        }
    }

    @Command(name = "handover", mixinStandardHelpOptions = true,
            description = "Take over a DCC-controlled device (6.21 Request Handover Of DCC Controlled Device, as its "
                    + "supplier): the DCC's ACB, which holds the device's supplier and network operator cells, hands one "
                    + "to the party whose certificates you give (GBCS CS02b, signed and MACed by the ACB): your own for "
                    + "--role Supplier, the network operator's for --role NetworkOperator.",
            footer = SrVerbs.FOOTER + "  dccsim sr handover 00DB1234567890A0 --ds-cert supplier-ds.pem --ka-cert supplier-ka.pem "
                    + "--ca-cert issuing-ca.pem%n"
                    + "The device checks that the issuing CA signed the certificates and answers with a status per%n"
                    + "certificate; any failure exits 4. Afterwards the device takes your requests signed with the key of%n"
                    + "--ds-cert.%n")
    static final class Handover extends CellVerb {
        @Option(names = "--ds-cert", required = true, paramLabel = "FILE",
                description = "The party's digital-signing certificate (PEM or DER; DUIS makes it mandatory).")
        Path dsCert;

        @Option(names = "--ka-cert", paramLabel = "FILE", description = "The party's key-agreement certificate, if it changes too.")
        Path kaCert;

        @Option(names = "--role", defaultValue = "Supplier", paramLabel = "ROLE",
                description = "Whose cell: Supplier or NetworkOperator (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        String srv() {
            return "6.21";
        }

        @Override
        XmlNode body() {
            if (!List.of("Supplier", "NetworkOperator").contains(role)) {
                throw new UserError(ExitCodes.BAD_INPUT, "--role " + role + " is not Supplier or NetworkOperator");
            }
            return Bodies.requestHandover(role, der("--ds-cert", dsCert), der("--ka-cert", kaCert), path());
        }

        @Override
        void describe(Inspection in, Map<String, Object> result, List<String> lines) {
            describeCell(in, result, lines, "holder", role + " cell", ", no longer the DCC's ACB", "the certificates");
        }
    }

    /**
     * A verb by which the DCC's ACB hands a cell on a device to another party (8.5, 6.21): the device, the issuing CA
     * that makes the certification path, and the CS02b answer read back as the cell's new holder.
     */
    abstract static class CellVerb extends CredentialVerb {
        @Option(names = "--ca-cert", required = true, paramLabel = "FILE",
                description = "The issuing CA's certificate (the certification path).")
        Path caCert;

        List<byte[]> path() {
            return List.of(der("--ca-cert", caCert));
        }

        /** A certificate file's DER, or null where the option was not given. */
        static byte[] der(String option, Path file) {
            return file == null ? null : SrVerbs.InstallLcCredentials.der(option, file);
        }

        /** The cell's new holder, or why nothing changed; a failure unless the device replaced every certificate. */
        void describeCell(Inspection in, Map<String, Object> result, List<String> lines, String key, String cell,
                String done, String what) {
            refusal = null;
            if (!(in.payload() instanceof Payload.Asn1 a)) {
                refusal = "the device's answer is not a credentials update result";
                return;
            }
            try {
                var r = org.dccsim.gbcs.usecase.LoadControllerCredentials.decodeResponse(a.bytes()).orElse(null);
                if (r == null) {
                    refusal = "the device's answer holds no result";
                    return;
                }
                boolean all = r.allReplaced();
                Eui64 now = r.replaced().isEmpty() ? null : r.replaced().get(0).newParty();
                result.put(key, now == null ? null : now.toString());
                lines.add("  " + cell + " " + (all ? "now " + now + done : "unchanged (the device refused the certificates)"));
                if (!all) {
                    refusal = "the device refused " + what;
                }
            } catch (GbcsDecodeException e) {
                refusal = "the device's answer does not decode: " + e.getMessage();
            }
        }
    }
}

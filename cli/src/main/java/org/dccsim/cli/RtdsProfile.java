package org.dccsim.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.PemFiles;
import org.dccsim.gbcs.crypto.SmkiCertificates;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.headend.server.HeadEndConfig;

/**
 * The built-in identity profile: the RTDS and DCC Boxed identities, so DCC test material and tooling work
 * unchanged. GBCS keys from {@code <shared>/rtds/keystore}; DUIS XML-signing certificates from Boxed's keys for
 * the supplier, the network operator and the other user; the DSP's key signs responses. Boxed has no
 * XML-signing key for the Load Controller, so one is issued on first use and kept in the data directory.
 */
final class RtdsProfile {
    static final String SUPPLIER = "90B3D51F30010000";
    static final String NETWORK_OPERATOR = "90B3D51F30020000";
    static final String LOAD_CONTROLLER = "90B3D51F30010008";
    static final String OTHER_USER = "00DB123456780004";
    static final String ESME = "00DB1234567890A0";
    static final String SAPC = "00DB1234567890A6";

    private RtdsProfile() {
    }

    /** ../shared beside the repository (see {@link DccsimHome}), or the given one; a clear error when it is missing. */
    static Path shared(Path given) {
        Path p = given != null ? given : DccsimHome.defaultShared();
        if (!Files.isDirectory(p.resolve("rtds/keystore")) || !Files.isDirectory(p.resolve("reference/duis/boxed-keys"))) {
            throw new UserError(ExitCodes.BAD_INPUT, "the RTDS/Boxed material was not found at " + p.toAbsolutePath().normalize()
                    + " (it needs rtds/keystore and reference/duis/boxed-keys): pass --shared DIR or --config FILE");
        }
        return p.toAbsolutePath().normalize();
    }

    static HeadEndConfig config(Path shared, Path data, Integer duisPort, Integer wanPort, String bind) throws IOException {
        Files.createDirectories(data);
        Path lcCert = data.resolve("xml-sign-" + LOAD_CONTROLLER.toLowerCase() + ".pem");
        Path lcKey = data.resolve("xml-sign-" + LOAD_CONTROLLER.toLowerCase() + ".key");
        if (!Files.exists(lcCert) || !Files.exists(lcKey)) {
            TestCertificates.Issued lc = TestCertificates.selfSigned(Eui64.parse(LOAD_CONTROLLER), TestCertificates.ROLE_XML_SIGN,
                    new BigInteger(63, new SecureRandom()), new SecureRandom());
            try {
                Files.writeString(lcCert, PemFiles.pem("CERTIFICATE", lc.certificate().getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException(e);
            }
            PemFiles.writePrivateKey(lcKey, SmkiCertificates.fromJca(lc.keys().getPrivate()));
        }
        Path boxed = shared.resolve("reference/duis/boxed-keys");
        return new HeadEndConfig(bind, duisPort, wanPort, shared.resolve("rtds/keystore").toString(),
                DevicesCommand.DEFAULT_DEVICE_SECRET, boxed.resolve("dsp-xml-sign-90B3D51F30000002-ds.key").toString(),
                boxed.resolve("dsp-xml-sign-90B3D51F30000002-ds.pem").toString(), data.resolve("headend.journal").toString(),
                null, 30,
                List.of(new HeadEndConfig.User(SUPPLIER, List.of("SUPPLIER"), boxed.resolve("xml-sign-90B3D51F30010000-ds.pem")
                        .toString(), null),
                    new HeadEndConfig.User(NETWORK_OPERATOR, List.of("NETWORK_OPERATOR"),
                            boxed.resolve("xml-sign-90B3D51F30020000-ds.pem").toString(), null),
                    new HeadEndConfig.User(OTHER_USER, List.of("OTHER_USER"), boxed.resolve("xml-sign-00DB123456780004-ds.pem")
                            .toString(), null),
                    new HeadEndConfig.User(LOAD_CONTROLLER, List.of("LOAD_CONTROLLER"), lcCert.toString(), null)),
                List.of(new HeadEndConfig.DeviceEntry(ESME, "ESME", SUPPLIER, NETWORK_OPERATOR, List.of()),
                    new HeadEndConfig.DeviceEntry(SAPC, "SAPC", SUPPLIER, NETWORK_OPERATOR, List.of(LOAD_CONTROLLER))));
    }
}

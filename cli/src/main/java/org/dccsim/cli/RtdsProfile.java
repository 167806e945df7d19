package org.dccsim.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.crypto.SimulatedDeviceKeyStore;
import org.dccsim.gbcs.crypto.TestCertificates;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.server.HeadEndServer;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.users.DeviceRecord;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.Organisations;

/**
 * The built-in identity profile: the RTDS and DCC Boxed identities, so DCC test material and tooling work unchanged.
 * GBCS keys from {@code <shared>/rtds/keystore}; DUIS XML-signing certificates from Boxed's keys for the supplier,
 * the network operator and the Other User; the DSP's key signs responses. Boxed has no XML-signing key for the Load
 * Controller, so one is issued on first use and kept in the data directory. The devices are the RTDS ESME and SAPC;
 * their signing keys are derived from dccsim's default device secret, as {@code dccsim devices} derives them.
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
                    + " (it needs rtds/keystore and reference/duis/boxed-keys): pass --shared DIR, or use a lab "
                    + "(dccsim lab init DIR, then --lab DIR), which needs nothing from ../shared");
        }
        return p.toAbsolutePath().normalize();
    }

    private static Path boxed(Path shared) {
        return shared.resolve("reference/duis/boxed-keys");
    }

    /** The users of the profile: XML-signing key and certificate files, roles. */
    private record User(String name, String eui, Set<UserRole> roles, Path xmlKey, Path xmlCertificate) {
    }

    private static List<User> users(Path shared, Path data) {
        Path b = boxed(shared);
        return List.of(
                new User("load-controller", LOAD_CONTROLLER, Set.of(UserRole.LOAD_CONTROLLER), lcXml(data, ".key"), lcXml(data, ".pem")),
                new User("other-user", OTHER_USER, Set.of(UserRole.OTHER_USER), b.resolve("xml-sign-" + OTHER_USER + "-ds.key"),
                        b.resolve("xml-sign-" + OTHER_USER + "-ds.pem")),
                new User("supplier", SUPPLIER, Set.of(UserRole.SUPPLIER), b.resolve("xml-sign-" + SUPPLIER + "-ds.key"),
                        b.resolve("xml-sign-" + SUPPLIER + "-ds.pem")),
                new User("network-operator", NETWORK_OPERATOR, Set.of(UserRole.NETWORK_OPERATOR),
                        b.resolve("xml-sign-" + NETWORK_OPERATOR + "-ds.key"), b.resolve("xml-sign-" + NETWORK_OPERATOR + "-ds.pem")));
    }

    private static Path lcXml(Path data, String ext) {
        return data.resolve("xml-sign-" + LOAD_CONTROLLER.toLowerCase() + ext);
    }

    /** Issues the Load Controller's XML-signing certificate into the data directory if it is not there yet. */
    static void ensureLoadControllerXmlKey(Path data) throws IOException {
        Files.createDirectories(data);
        if (Files.exists(lcXml(data, ".pem")) && Files.exists(lcXml(data, ".key"))) {
            return;
        }
        TestCertificates.Issued lc = TestCertificates.selfSigned(Eui64.parse(LOAD_CONTROLLER), TestCertificates.ROLE_XML_SIGN,
                new BigInteger(63, new SecureRandom()), new SecureRandom());
        Organisations.writeIssued(data, "xml-sign-" + LOAD_CONTROLLER.toLowerCase(), lc);
    }

    /** The built-in head-end: users, inventory, keys, DSP key and journal; the caller adds ports and starts it. */
    static HeadEndServer.Builder headEnd(Path shared, Path data) throws IOException {
        ensureLoadControllerXmlKey(data);
        Path b = boxed(shared);
        HeadEndServer.Builder builder = HeadEndServer.builder().keys(new DirectoryKeyStore(shared.resolve("rtds/keystore")))
                .deviceSecret(HeadEndServer.DEFAULT_DEVICE_SECRET)
                .journal(Journal.open(data.resolve("headend.journal")));
        try {
            builder.dsp(JcaPem.readPrivateKey(b.resolve("dsp-xml-sign-90B3D51F30000002-ds.key")),
                    JcaPem.readCertificate(b.resolve("dsp-xml-sign-90B3D51F30000002-ds.pem")));
            for (User u : users(shared, data)) {
                builder.user(new DccUser(Eui64.parse(u.eui()), u.roles(), JcaPem.readCertificate(u.xmlCertificate()), null));
            }
        } catch (KeyStoreException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        builder.device(new DeviceRecord(Eui64.parse(ESME), DeviceRecord.Type.ESME, Eui64.parse(SUPPLIER),
                Eui64.parse(NETWORK_OPERATOR), Set.of()));
        builder.device(new DeviceRecord(Eui64.parse(SAPC), DeviceRecord.Type.SAPC, Eui64.parse(SUPPLIER),
                Eui64.parse(NETWORK_OPERATOR), Set.of(Eui64.parse(LOAD_CONTROLLER))));
        return builder;
    }

    /** The profile's users as clients of the head-end at {@code headend}. */
    static List<ClientProfile.Client> clients(Path shared, Path data, URI headend) {
        GbcsKeyStore gbcs = new DirectoryKeyStore(shared.resolve("rtds/keystore"));
        List<ClientProfile.Client> out = new ArrayList<>();
        try {
            X509Certificate dsp = JcaPem.readCertificate(boxed(shared).resolve("dsp-xml-sign-90B3D51F30000002-ds.pem"));
            for (User u : users(shared, data)) {
                if (!Files.isRegularFile(u.xmlKey()) || !Files.isRegularFile(u.xmlCertificate())) {
                    continue; // the Load Controller's key exists once dccsim serve has run with this data directory
                }
                out.add(new ClientProfile.Client(u.name(), Eui64.parse(u.eui()), u.roles(), headend,
                        new DuisClient.Identity(Eui64.parse(u.eui()), JcaPem.readPrivateKey(u.xmlKey()),
                                JcaPem.readCertificate(u.xmlCertificate())), gbcs, List.of(dsp)));
            }
        } catch (KeyStoreException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        return out;
    }

    /**
     * The devices' keys as the built-in head-end and {@code dccsim devices} see them, to check their signatures and MACs
     * and decrypt what they encrypt: simulated devices (EUI-64s starting 00, the RTDS's and a fleet file's; not the
     * Other User's organisation) sign with keys derived from dccsim's default device secret.
     */
    static GbcsKeyStore deviceKeys(Path shared) {
        Eui64 otherUser = Eui64.parse(OTHER_USER);
        return new SimulatedDeviceKeyStore(new DirectoryKeyStore(shared.resolve("rtds/keystore")),
                e -> (e.value() >>> 56) == 0 && !e.equals(otherUser), HeadEndServer.DEFAULT_DEVICE_SECRET);
    }
}

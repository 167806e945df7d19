package org.dccsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisResponse;
import org.dccsim.duis.RequestId;
import org.dccsim.duis.UserRole;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.client.DuisClient;
import org.dccsim.duis.client.DuisClientException;
import org.dccsim.duis.client.Inbox;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.lab.ClientProfile;
import org.dccsim.lab.InstalledCredentials;
import org.dccsim.lab.Lab;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;
import picocli.CommandLine.Option;

/**
 * What every {@code dccsim sr} verb shares: which DCC Users there are (a lab's client profiles with {@code --lab},
 * else the built-in RTDS/DCC Boxed profile that {@code dccsim serve} runs with), which of them sends a request, and
 * the DUIS exchange itself through the DUIS library's client: XML-sign and POST, for critical SRVs the whole critical
 * flow, then wait for the device's answer and its alerts.
 *
 * <p>The session tags its requests with a client tag of its own, so the head-end keeps their answers and alerts
 * for this session's polls alone: concurrent {@code sr} calls, and other tools of the same user, never take each
 * other's answers. Pre-commands are signed with the key the device trusts for the user: the one recorded when
 * credentials were installed on it ({@link InstalledCredentials}), else the user's own.
 *
 * <p>Without {@code --as}, each verb uses the first user whose role may send its SRV, Load Controller, Other User,
 * supplier, network operator in that order (the head-end's access rules decide).
 */
final class SrSession implements AutoCloseable {
    /** Picocli options every verb takes. */
    static final class Options {
        @Option(names = "--lab", paramLabel = "DIR", description = "Use this lab's users, keys and head-end "
                + "(dccsim lab init); default: the built-in RTDS/DCC Boxed profile of dccsim serve.")
        Path lab;

        @Option(names = "--headend", paramLabel = "URL", description = "The head-end's DUIS base URL (default: the lab's, "
                + "or http://127.0.0.1:8079, where dccsim serve listens).")
        String headend;

        @Option(names = "--smki", paramLabel = "URL", description = "The head-end's SMKI services, where device "
                + "certificates are checked (default: port 8083 on the head-end's host).")
        String smki;

        @Option(names = "--shared", paramLabel = "DIR", description = "RTDS and DCC Boxed material for the built-in profile "
                + "(default: ../shared beside this repository).")
        Path shared;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "dccsim-data",
                description = "The built-in profile's data directory (dccsim serve's): the Load Controller's XML-signing key "
                        + "and the credentials installed on devices (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--as", paramLabel = "USER", description = "Send as this user (a lab profile's name such as vlp1, "
                + "or an EUI-64) instead of the one the verb picks.")
        String as;

        @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Wait for the device's answer (default: on; --no-wait returns at the head-end's acknowledgement).")
        boolean waitForAnswer;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        /**
         * These options given after the verb, completed by those given before it ({@code dccsim sr --lab DIR --as vlp1
         * VERB ...}): a value given after the verb wins.
         */
        Options over(Options before) {
            if (before == null) {
                return this;
            }
            Options o = new Options();
            o.lab = lab != null ? lab : before.lab;
            o.headend = headend != null ? headend : before.headend;
            o.smki = smki != null ? smki : before.smki;
            o.shared = shared != null ? shared : before.shared;
            o.data = data != null && !data.equals(java.nio.file.Path.of("dccsim-data")) ? data
                    : before.data != null ? before.data : data;
            o.as = as != null ? as : before.as;
            o.waitForAnswer = waitForAnswer && before.waitForAnswer;
            o.timeoutSeconds = timeoutSeconds != 30 ? timeoutSeconds : before.timeoutSeconds;
            o.json = json || before.json;
            return o;
        }
    }

    /** The outcome of one service request: the head-end's acknowledgement, the answer and the alerts seen. */
    record Outcome(RequestId requestId, String srv, ClientProfile.Client user, DuisResponse answer, List<DuisResponse> alerts) {
    }

    /**
     * Whether an Other User sends this SRV with its own key agreement certificate (DUIS ...AndURPCredentials, GBCS
     * Unknown Remote Party): the device encrypts the answer for it, and must hold its own KA private key to do so. A
     * lab's devices do; the RTDS identities of the built-in profile do not, so there the profile's supplier reads them
     * instead.
     */
    static boolean takesUrpCredentials(String srv) {
        return SrvCatalogue.standard().get(srv).map(Srv::urpCredentials).orElse(false);
    }

    private final Options options;
    private final List<ClientProfile.Client> users;
    private final URI headend;
    private final GbcsKeyStore deviceKeys;
    /** Devices' signing keys as SMKI certifies them, asked first (a re-keyed device's is no longer the derived one). */
    private final SmkiDeviceKeys smkiKeys;
    private final InstalledCredentials credentials;
    private final DuisClient client;
    private final Map<Eui64, Inbox> inboxes = new ConcurrentHashMap<>();
    /** Whether the devices can encrypt for an Unknown Remote Party (a lab's can; the RTDS identities cannot). */
    private final boolean devicesTakeUrp;

    SrSession(Options options) {
        this.options = options;
        if (options.timeoutSeconds < 1 || options.timeoutSeconds > 3600) {
            throw new UserError(ExitCodes.BAD_INPUT, "--timeout must be between 1 and 3600 seconds");
        }
        if (options.lab != null) {
            Lab lab;
            try {
                lab = Lab.open(options.lab);
                this.users = lab.loadedClients();
            } catch (Lab.LabException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            this.credentials = lab.credentials();
            this.deviceKeys = LabProfile.deviceKeys(lab);
            this.devicesTakeUrp = true;
            this.headend = url("--headend", options.headend != null ? options.headend : users.isEmpty() ? "http://127.0.0.1:8079"
                    : users.get(0).headend().toString());
        } else {
            Path shared = RtdsProfile.shared(options.shared);
            this.headend = url("--headend", options.headend != null ? options.headend : "http://127.0.0.1:" + org.dccsim.headend.server.HeadEndServer.DEFAULT_DUIS_PORT);
            this.users = RtdsProfile.clients(shared, options.data, headend);
            this.credentials = new InstalledCredentials(options.data.resolve("credentials.json"));
            this.deviceKeys = RtdsProfile.deviceKeys(shared);
            this.devicesTakeUrp = false;
        }
        URI smki = options.smki != null ? url("--smki", options.smki)
                : URI.create("http://" + headend.getHost() + ":" + org.dccsim.headend.smki.SmkiServer.DEFAULT_PORT + "/services");
        this.smkiKeys = new SmkiDeviceKeys(URI.create(smki.toString().replaceAll("/+$", "")));
        List<java.security.cert.X509Certificate> dsp = new ArrayList<>();
        users.forEach(u -> dsp.addAll(u.dspCertificates()));
        this.client = new DuisClient(headend, dsp, null);
    }

    private static URI url(String option, String text) {
        URI base;
        try {
            base = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, option + " " + text + " is not a URL");
        }
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new UserError(ExitCodes.BAD_INPUT, option + " " + text + " is not an http:// URL");
        }
        return base;
    }

    Options options() {
        return options;
    }

    URI headend() {
        return headend;
    }

    List<ClientProfile.Client> users() {
        return users;
    }

    InstalledCredentials credentials() {
        return credentials;
    }

    /**
     * Keys to read a user's answers with: the devices' signing keys as SMKI certifies them, then as the profile derives
     * them (to check their signatures; a key store of RTDS certificates holds device certificates that simulated devices
     * do not sign with), then the user's own (to decrypt what was encrypted for it).
     */
    GbcsSecurity readingKeys(ClientProfile.Client user) {
        GbcsKeyStore own = user.gbcsKeys();
        return new GbcsSecurity(own == null ? new org.dccsim.gbcs.crypto.LayeredKeyStore(smkiKeys, deviceKeys)
                : new org.dccsim.gbcs.crypto.LayeredKeyStore(smkiKeys, deviceKeys, own));
    }

    /** The head-end's simulated time (its clock endpoint), or the local clock if it cannot tell. */
    Instant headEndNow() {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create(headend + "/admin/clock")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode n = new ObjectMapper().readTree(r.body());
                return Instant.parse(n.path("simulatedTime").asText());
            }
        } catch (IOException | RuntimeException e) {
            // an older or foreign head-end: the local clock will do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Instant.now();
    }

    /** A user by profile name (vlp1) or EUI-64. */
    ClientProfile.Client user(String nameOrEui) {
        for (ClientProfile.Client u : users) {
            boolean byEui;
            try {
                byEui = u.eui().equals(Eui64.parse(nameOrEui));
            } catch (IllegalArgumentException e) {
                byEui = false;
            }
            if (u.name().equals(nameOrEui) || byEui) {
                return u;
            }
        }
        throw new UserError(ExitCodes.BAD_INPUT, nameOrEui + " is not a user of the profile (known: "
                + users.stream().map(ClientProfile.Client::toString).toList() + ")");
    }

    /** The user to send an SRV as: {@code --as}, or the first user whose role may send it. */
    ClientProfile.Client userFor(String srv) {
        if (options.as != null) {
            return user(options.as);
        }
        Set<UserRole> roles = SrvCatalogue.standard().get(srv).map(Srv::roles).orElse(Set.of());
        for (UserRole preferred : List.of(UserRole.LOAD_CONTROLLER, UserRole.OTHER_USER, UserRole.SUPPLIER,
                UserRole.NETWORK_OPERATOR)) {
            if (!roles.contains(preferred)
                    || (preferred == UserRole.OTHER_USER && takesUrpCredentials(srv) && !devicesTakeUrp)) {
                continue;
            }
            for (ClientProfile.Client u : users) {
                if (u.roles().contains(preferred)) {
                    return u;
                }
            }
        }
        throw new UserError(ExitCodes.BAD_INPUT, "no user of the profile may send " + srv);
    }

    static Eui64 device(String eui) {
        try {
            return Eui64.parse(eui);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "device " + eui + ": " + e.getMessage());
        }
    }

    private Inbox inbox(ClientProfile.Client user) {
        return inboxes.computeIfAbsent(user.eui(), e -> new Inbox(client, user.identity(), 100));
    }

    /**
     * Sends one service request and, unless --no-wait, waits for the device's answer. Critical SRs go through the
     * critical flow (DUIS 3.2.4): variant 4 to serviceT, the pre-command GBCS-signed with the key the device trusts
     * for the user, variant 5 to serviceS.
     */
    Outcome send(Eui64 device, String srv, XmlNode body, PrintWriter progress) {
        return send(userFor(srv), device, srv, body);
    }

    Outcome send(ClientProfile.Client user, Eui64 device, String srv, XmlNode given) {
        boolean critical = SrvCatalogue.standard().get(srv).map(Srv::critical).orElse(false);
        XmlNode body = withUrpCredentials(user, srv, given);
        Inbox inbox = options.waitForAnswer ? inbox(user) : null;
        int alertsBefore = inbox == null ? 0 : inbox.alertsFrom(device).size();
        try {
            GbcsSecurity signing = null;
            if (critical) {
                if (user.gbcsKeys() == null) {
                    throw new UserError(ExitCodes.BAD_INPUT, user + " has no GBCS keys to sign the pre-command with");
                }
                signing = new GbcsSecurity(credentials.keysFor(device, user.eui(), user.gbcsKeys()));
            }
            RequestId id = client.submit(user.identity(), device, srv, body, critical, signing);
            if (inbox == null) {
                return new Outcome(id, srv, user, null, List.of());
            }
            DuisResponse answer = inbox.await(id, Duration.ofSeconds(options.timeoutSeconds));
            List<DuisResponse> alerts = new ArrayList<>();
            if (critical && DuisCodes.I0.equals(answer.code())) {
                // Alerts a device raises about a critical command (8F86 after a limit) follow its response closely.
                inbox.awaitAlerts(device, alertsBefore + 1, Duration.ofSeconds(2));
            }
            List<DuisResponse> all = inbox.alertsFrom(device);
            alerts.addAll(all.subList(Math.min(alertsBefore, all.size()), all.size()));
            return new Outcome(id, srv, user, answer, alerts);
        } catch (DuisClientException e) {
            throw failure(e);
        } catch (IOException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(ExitCodes.TIMEOUT, "interrupted while waiting");
        }
    }

    /** The DCC, target of every non-device request (DUIS: the RequestID names the DCC's EUI-64). */
    static final Eui64 DCC = Eui64.parse("90B3D51F30000002");

    /**
     * Sends a non-device request (command variant 8, serviceD) as {@code --as} or the profile's first supplier, and
     * returns the head-end's answer, given at once. Any code but I0 and I99 exits 3 with the code and the reason.
     */
    DuisResponse nonDevice(String srv, XmlNode body) {
        ClientProfile.Client user = options.as != null ? user(options.as) : users.stream()
                .filter(u -> u.roles().contains(UserRole.SUPPLIER)).findFirst().orElseGet(() -> users.get(0));
        RequestId id = new RequestId(user.eui(), DCC, client.nextCounter(user.eui(), DCC));
        try {
            DuisResponse r = client.post("serviceD", user.identity(), org.dccsim.duis.ServiceRequest.of(id, 8, srv, body));
            if (!DuisCodes.I0.equals(r.code()) && !DuisCodes.I99.equals(r.code())) {
                throw new UserError(ExitCodes.REFUSED, "the DCC refused " + srv + " (" + id + "): " + r.code() + " ("
                        + DuisCodes.meaning(r.code()) + ")");
            }
            return r;
        } catch (DuisClientException e) {
            throw failure(e);
        }
    }

    /**
     * An Other User's protected read carries its key agreement certificate (DUIS KAPublicSecurityCredentials), so the
     * DCC sends it as an Unknown Remote Party read and the device encrypts the answer for the user (GBCS 7.2.4).
     */
    private XmlNode withUrpCredentials(ClientProfile.Client user, String srv, XmlNode body) {
        boolean otherUser = user.roles().contains(UserRole.OTHER_USER) && !user.roles().contains(UserRole.SUPPLIER)
                && !user.roles().contains(UserRole.NETWORK_OPERATOR);
        if (!takesUrpCredentials(srv) || !otherUser || body.child("KAPublicSecurityCredentials").isPresent()
                || !(user.gbcsKeys() instanceof org.dccsim.gbcs.crypto.DirectoryKeyStore dir)) {
            return body;
        }
        Path cert = dir.file(user.eui(), org.dccsim.gbcs.crypto.KeyUsage.KA, false);
        if (!java.nio.file.Files.isRegularFile(cert)) {
            return body;
        }
        try {
            byte[] der = org.dccsim.gbcs.crypto.JcaPem.readCertificate(cert).getEncoded();
            return body.withChild(XmlNode.leaf("KAPublicSecurityCredentials", java.util.Base64.getEncoder().encodeToString(der)));
        } catch (org.dccsim.gbcs.crypto.KeyStoreException | java.security.cert.CertificateEncodingException e) {
            throw new UserError(ExitCodes.BAD_INPUT, cert + ": " + e.getMessage());
        }
    }

    /** The exit code and one line for a failed exchange. */
    UserError failure(DuisClientException e) {
        int code = switch (e.reason()) {
            case UNREACHABLE -> ExitCodes.UNREACHABLE;
            case TIMEOUT -> ExitCodes.TIMEOUT;
            case REFUSED -> ExitCodes.REFUSED;
            case HTTP_STATUS -> ExitCodes.REFUSED;
            case BAD_ANSWER -> ExitCodes.CHECK_FAILED;
            case NO_KEY -> ExitCodes.BAD_INPUT;
        };
        String hint = e.reason() == DuisClientException.Reason.UNREACHABLE ? " (is dccsim serve running?)" : "";
        return new UserError(code, e.getMessage() + hint);
    }

    /** A device that answered with anything but I0 is a device error, with its DUIS code. */
    static void deviceSucceeded(Outcome o) {
        if (o.answer() != null && !DuisCodes.I0.equals(o.answer().code())) {
            throw new UserError(DuisCodes.E21.equals(o.answer().code()) ? ExitCodes.TIMEOUT : ExitCodes.DEVICE_ERROR,
                    "the device did not carry out " + o.requestId() + ": " + o.answer().code() + " ("
                            + DuisCodes.meaning(o.answer().code()) + ")");
        }
    }

    @Override
    public void close() {
        inboxes.values().forEach(Inbox::close);
        client.close();
    }
}

package org.dccsim.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.JcaPem;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.headend.duis.DuisCodes;
import org.dccsim.headend.gateway.AccessRules;
import org.dccsim.headend.transform.Transformer;
import org.dccsim.headend.users.UserRole;
import picocli.CommandLine.Option;

/**
 * What every {@code dccsim sr} verb shares: where the head-end is, which of the VLP profile's identities sends
 * the request, and the DUIS exchange itself (XML-sign, POST, for critical SRs transform then GBCS-sign the
 * pre-command, then long-poll for the device's answer).
 *
 * <p>The identities are the built-in RTDS/DCC Boxed profile that {@code dccsim serve} runs with: a VLP holds a
 * Load Controller identity for control and an Other User identity for reads; the supplier's identity is there
 * for what only a supplier may do (installing the Load Controller's credentials). Each verb uses the first of
 * Load Controller, Other User, supplier, network operator whose role may send its SRV (the head-end's access
 * rules decide); {@code --as} overrides.
 */
final class SrSession {
    /** Picocli options every verb takes. */
    static final class Options {
        @Option(names = "--headend", paramLabel = "URL", defaultValue = "http://127.0.0.1:8079",
                description = "The head-end's DUIS base URL (default: ${DEFAULT-VALUE}, where dccsim serve listens).")
        String headend;

        @Option(names = "--shared", paramLabel = "DIR", description = "RTDS and DCC Boxed material (default: ../shared).")
        Path shared;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "dccsim-data",
                description = "dccsim serve's data directory, where the Load Controller's XML-signing key is kept "
                        + "(default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--as", paramLabel = "EUI", description = "Send as this user instead of the one the verb picks.")
        String as;

        @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Wait for the device's answer (default: on; --no-wait returns at the head-end's acknowledgement).")
        boolean waitForAnswer;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;
    }

    /** A user of the profile: EUI, role, XML-signing key and certificate files. */
    record User(Eui64 eui, UserRole role, Path xmlKey, Path xmlCertificate) {
    }

    /** The outcome of one service request: the head-end's acknowledgement, the answer and the alerts seen. */
    record Outcome(String requestId, String srv, Eui64 user, DuisClient.Reply answer, List<DuisClient.Reply> alerts) {
    }

    /**
     * SRVs whose answer the device encrypts for the requester: an Other User must then send its own key
     * agreement certificate with the request (DUIS ReadLogFutureDatableAndURPCredentials, GBCS Unknown Remote
     * Party), and the device must hold its own KA private key to encrypt for it, which the RTDS identities this
     * profile talks to do not; the profile's supplier identity reads them instead.
     */
    static final Set<String> NEEDS_URP_CREDENTIALS = Set.of("4.8.1");

    private final Options options;
    private final List<User> users;
    private final GbcsSecurity security;
    private final DuisClient client;

    SrSession(Options options) {
        this.options = options;
        if (options.timeoutSeconds < 1 || options.timeoutSeconds > 3600) {
            throw new UserError(ExitCodes.BAD_INPUT, "--timeout must be between 1 and 3600 seconds");
        }
        URI base;
        try {
            base = URI.create(options.headend);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "--headend " + options.headend + " is not a URL");
        }
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new UserError(ExitCodes.BAD_INPUT, "--headend " + options.headend + " is not an http:// URL");
        }
        Path shared = RtdsProfile.shared(options.shared);
        Path boxed = shared.resolve("reference/duis/boxed-keys");
        this.users = List.of(
                new User(Eui64.parse(RtdsProfile.LOAD_CONTROLLER), UserRole.LOAD_CONTROLLER,
                        options.data.resolve("xml-sign-" + RtdsProfile.LOAD_CONTROLLER.toLowerCase() + ".key"),
                        options.data.resolve("xml-sign-" + RtdsProfile.LOAD_CONTROLLER.toLowerCase() + ".pem")),
                boxedUser(boxed, RtdsProfile.OTHER_USER, UserRole.OTHER_USER),
                boxedUser(boxed, RtdsProfile.SUPPLIER, UserRole.SUPPLIER),
                boxedUser(boxed, RtdsProfile.NETWORK_OPERATOR, UserRole.NETWORK_OPERATOR));
        this.security = new GbcsSecurity(new DirectoryKeyStore(shared.resolve("rtds/keystore")));
        // Answers are verified against the DSP's XML-signing certificate, as a DCC User's adapter would.
        X509Certificate dsp;
        try {
            dsp = JcaPem.readCertificate(boxed.resolve("dsp-xml-sign-90B3D51F30000002-ds.pem"));
        } catch (KeyStoreException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
        this.client = new DuisClient(options.headend.replaceAll("/+$", ""), dsp);
    }

    private static User boxedUser(Path boxed, String eui, UserRole role) {
        return new User(Eui64.parse(eui), role, boxed.resolve("xml-sign-" + eui + "-ds.key"),
                boxed.resolve("xml-sign-" + eui + "-ds.pem"));
    }

    GbcsSecurity security() {
        return security;
    }

    Options options() {
        return options;
    }

    /** The user to send an SRV as: {@code --as}, or the first profile user whose role may send it. */
    User userFor(String srv) {
        if (options.as != null) {
            Eui64 want;
            try {
                want = Eui64.parse(options.as);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--as: " + e.getMessage());
            }
            return users.stream().filter(u -> u.eui().equals(want)).findFirst()
                    .orElseThrow(() -> new UserError(ExitCodes.BAD_INPUT, "--as " + want + " is not a user of the profile "
                            + "(known: " + users.stream().map(u -> u.eui() + " " + u.role()).toList() + ")"));
        }
        Set<UserRole> roles = AccessRules.roles(srv);
        return users.stream().filter(u -> roles.contains(u.role()))
                .filter(u -> u.role() != UserRole.OTHER_USER || !NEEDS_URP_CREDENTIALS.contains(srv)).findFirst()
                .orElseThrow(() -> new UserError(ExitCodes.BAD_INPUT, "no user of the profile may send " + srv));
    }

    static Eui64 device(String eui) {
        try {
            return Eui64.parse(eui);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.BAD_INPUT, "device " + eui + ": " + e.getMessage());
        }
    }

    /**
     * Sends one service request and, unless --no-wait, waits for the device's answer. Critical SRs go through
     * the critical flow (DUIS 3.2.4): variant 4 to serviceT, the pre-command GBCS-signed with the user's key,
     * variant 5 to serviceS.
     */
    Outcome send(Eui64 device, String srv, String body, PrintWriter progress) {
        User user = userFor(srv);
        DuisClient.Identity who = identity(user);
        boolean critical = Transformer.critical(srv);
        long counter = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        String requestId = DuisClient.requestId(user.eui(), device, counter);
        try {
            if (critical) {
                try {
                    client.sendCritical(who, device, counter, srv, body, security);
                } catch (KeyStoreException e) {
                    throw new UserError(ExitCodes.BAD_INPUT, "cannot sign the pre-command as " + user.eui() + ": " + e.getMessage());
                }
            } else {
                client.sendNonCritical(who, device, counter, srv, body);
            }
            if (!options.waitForAnswer) {
                return new Outcome(requestId, srv, user.eui(), null, List.of());
            }
            return await(requestId, srv, user, who, critical, progress);
        } catch (UserError e) {
            throw e;
        } catch (ConnectException e) {
            throw new UserError(ExitCodes.UNREACHABLE, "cannot reach the head-end at " + options.headend
                    + " (is dccsim serve running?)");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new UserError(ExitCodes.TIMEOUT, "the head-end at " + options.headend + " did not answer in time");
        } catch (java.io.IOException e) {
            throw new UserError(ExitCodes.UNREACHABLE, "cannot talk to the head-end at " + options.headend + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (org.dccsim.headend.duis.DuisException e) {
            throw new UserError(ExitCodes.CHECK_FAILED, "the head-end's answer is not a valid signed DUIS response: "
                    + e.getMessage());
        } catch (org.dccsim.gbcs.GbcsDecodeException e) {
            throw new UserError(ExitCodes.CHECK_FAILED, "the head-end's pre-command does not decode: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(ExitCodes.TIMEOUT, "interrupted while waiting");
        }
    }

    /**
     * Long-polls until the answer to {@code requestId} arrives. For critical commands, alerts the device raises
     * about them (8F86 after a limit, for example) usually follow the response; they are collected for a short
     * while after it.
     */
    private Outcome await(String requestId, String srv, User user, DuisClient.Identity who, boolean critical,
            PrintWriter progress) throws java.io.IOException, InterruptedException, org.dccsim.headend.duis.DuisException {
        long deadline = System.nanoTime() + Duration.ofSeconds(options.timeoutSeconds).toNanos();
        DuisClient.Reply answer = null;
        List<DuisClient.Reply> alerts = new ArrayList<>();
        while (answer == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new UserError(ExitCodes.TIMEOUT, "no answer to " + requestId + " within " + options.timeoutSeconds
                        + " s (--timeout)");
            }
            DuisClient.Reply r = client.poll(who, Duration.ofNanos(Math.min(left, Duration.ofSeconds(5).toNanos())));
            if (r == null) {
                continue;
            }
            if (r.alertCode() != null) {
                alerts.add(r);
            } else if (requestId.equals(r.requestId())) {
                answer = r;
            } else if (progress != null) {
                progress.println("(also received an answer to an earlier request, " + r.requestId() + ": " + r.code() + ")");
            }
        }
        if (critical && DuisCodes.I0.equals(answer.code())) {
            long until = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(2).toNanos());
            while (System.nanoTime() < until) {
                DuisClient.Reply r = client.poll(who, Duration.ofSeconds(1));
                if (r != null && r.alertCode() != null) {
                    alerts.add(r);
                }
            }
        }
        return new Outcome(requestId, srv, user.eui(), answer, alerts);
    }

    /** A device that answered with anything but I0 is a device error, with its DUIS code. */
    static void deviceSucceeded(Outcome o) {
        if (o.answer() != null && !DuisCodes.I0.equals(o.answer().code())) {
            throw new UserError(DuisCodes.E21.equals(o.answer().code()) ? ExitCodes.TIMEOUT : ExitCodes.DEVICE_ERROR,
                    "the device did not carry out " + o.requestId() + ": " + o.answer().code() + " ("
                            + DuisCodes.meaning(o.answer().code()) + ")");
        }
    }

    private DuisClient.Identity identity(User u) {
        if (!Files.isRegularFile(u.xmlKey()) || !Files.isRegularFile(u.xmlCertificate())) {
            throw new UserError(ExitCodes.BAD_INPUT, "no XML-signing key for " + u.eui() + " at " + u.xmlKey()
                    + (u.role() == UserRole.LOAD_CONTROLLER ? " (dccsim serve makes it; pass the same --data)" : ""));
        }
        try {
            PrivateKey key = JcaPem.readPrivateKey(u.xmlKey());
            X509Certificate cert = JcaPem.readCertificate(u.xmlCertificate());
            return new DuisClient.Identity(u.eui(), key, cert);
        } catch (KeyStoreException e) {
            throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
        }
    }
}

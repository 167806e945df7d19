package org.dccsim.headend.wan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.crypto.Check;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.frame.CraFlag;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GbcsMessage;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.frame.SignatureField;

/**
 * Sends commands over the WAN server and matches the responses by device, party and originator counter: a response
 * repeats its command's counter (GBCS-NOTES a.3) and is addressed to the command's originator. Counters are kept per
 * remote party (GBCS 4.3.1.2), so a supplier and a VLP may send the same counter to one device at the same time; the
 * party in the key keeps one's answer from completing the other's command. A command to a device no link hosts fails at once (E20); one
 * unanswered within the timeout fails with E21 and its pending entry is removed, never leaked.
 *
 * <p>Nothing a device link sends is taken on trust (GBCS 4.3, the DCC checks what it can before acting on a
 * message): a response or alert must name the device whose route it came on as originator, carry the right kind
 * (CRA flag), be MACed or signed, and its MAC and signature must verify wherever the head-end holds the keys to
 * check them. An alert's
 * counter must be new ({@link AlertReplayWindow}); a response needs a command waiting for its counter, which is
 * single use. Whatever fails goes to {@link #onRefused} with the reason, never to a user.
 */
public final class DeviceRouter implements WanServer.Listener {
    private static final Logger LOG = Logger.getLogger(DeviceRouter.class.getName());

    /** How a command ended. */
    public sealed interface Outcome {
        record Answered(byte[] response) implements Outcome {
        }

        /** The device is not connected (DUIS E20). */
        record NotConnected() implements Outcome {
        }

        /** The device did not answer in time (DUIS E21). */
        record TimedOut() implements Outcome {
        }
    }

    /** A device message the head-end would not pass on. */
    public interface RefusalSink {
        void refused(Eui64 device, boolean alert, String reason);
    }

    private record Key(Eui64 device, Eui64 party, long counter) {
    }

    private final WanServer server;
    private final GbcsSecurity security;
    private final AlertReplayWindow alertCounters;
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final Map<Key, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private volatile BiConsumer<Eui64, byte[]> alertSink = (d, a) -> { };
    private volatile RefusalSink refusalSink = (d, a, r) -> { };
    /**
     * Device timeouts on a timing wheel (50 ms ticks): every command arms one and nearly all are answered long before
     * it fires. A scheduled executor took a lock per command to sift its heap and woke its thread once per expiry,
     * thousands of times a second in a drill; the wheel's thread wakes once a tick and arming is a queue offer.
     */
    private final io.netty.util.HashedWheelTimer timeouts = new io.netty.util.HashedWheelTimer(r -> {
        Thread t = new Thread(r, "dccsim-command-timeouts");
        t.setDaemon(true);
        return t;
    }, 50, TimeUnit.MILLISECONDS, 512);

    /**
     * A router whose WAN server takes device routes under {@code limits}, proving them with the devices' signing keys
     * from {@code security}, and whose alert counters live in {@code alertCounters}.
     */
    public DeviceRouter(GbcsSecurity security, WanServer.Limits limits, AlertReplayWindow alertCounters) {
        this.security = security;
        this.alertCounters = alertCounters;
        this.server = new WanServer(this, new WanServer.DeviceKeys() {
            @Override
            public java.util.Optional<org.dccsim.gbcs.crypto.EcKeys.PublicKey> signingKey(Eui64 device) {
                return security.keyStore().publicKey(device, KeyUsage.DS);
            }

            @Override
            public java.util.List<org.dccsim.gbcs.crypto.EcKeys.PublicKey> expectedSigningKeys(Eui64 device) {
                return security.expectedSigningKeys(device);
            }

            @Override
            public void confirmed(Eui64 device, org.dccsim.gbcs.crypto.EcKeys.PublicKey key) {
                security.confirmSigningKey(device, key);
            }
        }, limits);
    }

    public WanServer server() {
        return server;
    }

    public void onAlerts(BiConsumer<Eui64, byte[]> sink) {
        this.alertSink = sink;
    }

    /** Receives the device messages the router refused, with why. */
    public void onRefused(RefusalSink sink) {
        this.refusalSink = sink;
    }

    /** Responses and alerts refused by the checks above. */
    public long refusedMessages() {
        return refused.get();
    }

    public int pendingCommands() {
        return pending.size();
    }

    /**
     * Sends {@code command} (whose originator is {@code originator} and counter {@code counter}) and completes when the
     * device answers or not.
     */
    public CompletableFuture<Outcome> send(Eui64 device, Eui64 originator, long counter, byte[] command, Duration timeout) {
        Key key = new Key(device, originator, counter);
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (pending.putIfAbsent(key, f) != null) {
            // The same counter to the same device is already in flight: the access control refuses such replays
            // earlier, so this only happens on a bug; answer as the device would not.
            return CompletableFuture.completedFuture(new Outcome.TimedOut());
        }
        if (!server.send(device, command)) {
            pending.remove(key, f);
            return CompletableFuture.completedFuture(new Outcome.NotConnected());
        }
        armTimeout(List.of(key), f, timeout);
        return f;
    }

    /**
     * Times out a command waiting under {@code keys} (one, or one per party it may have come from). Its entries
     * leave the map before the future completes, so a completed command is never still pending; an answer under one
     * key ends the wait under the others.
     */
    private void armTimeout(List<Key> keys, CompletableFuture<Outcome> f, Duration timeout) {
        io.netty.util.Timeout t = timeouts.newTimeout(x -> {
            boolean mine = false;
            for (Key key : keys) {
                mine |= pending.remove(key, f);
            }
            if (mine) {
                f.complete(new Outcome.TimedOut());
            }
        }, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        f.whenComplete((o, e) -> {
            // Answered commands leave the wheel at its next tick rather than at their timeout.
            t.cancel();
            if (keys.size() > 1) {
                keys.forEach(key -> pending.remove(key, f));
            }
        });
    }

    /**
     * Waits for the answer to a command sent before a restart: nothing is sent; a response that arrives in time
     * completes it, otherwise it times out.
     */
    public CompletableFuture<Outcome> expect(Eui64 device, Eui64 originator, long counter, Duration timeout) {
        return expect(device, List.of(originator), counter, timeout);
    }

    /**
     * As {@link #expect(Eui64, Eui64, long, Duration)} for a command whose originator is one of {@code parties}, not
     * known which (a journal written before it recorded the originator: the user or the DCC's ACB). The first answer
     * from the device to any of them with that counter completes it, and the others stop waiting.
     */
    public CompletableFuture<Outcome> expect(Eui64 device, List<Eui64> parties, long counter, Duration timeout) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        List<Key> keys = new ArrayList<>();
        for (Eui64 party : new LinkedHashSet<>(parties)) {
            Key key = new Key(device, party, counter);
            if (pending.putIfAbsent(key, f) == null) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome.TimedOut());
        }
        armTimeout(keys, f, timeout);
        return f;
    }

    /**
     * Checks run off the WAN I/O thread (a signature check costs a millisecond, and one link carries a whole fleet),
     * on stripes chosen by device so each device's messages keep their order.
     */
    private final java.util.concurrent.ExecutorService[] stripes = stripes();

    private static java.util.concurrent.ExecutorService[] stripes() {
        java.util.concurrent.ExecutorService[] s = new java.util.concurrent.ExecutorService[Math.max(1,
                Runtime.getRuntime().availableProcessors())];
        for (int i = 0; i < s.length; i++) {
            int id = i;
            s[i] = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dccsim-device-checks-" + id);
                t.setDaemon(true);
                return t;
            });
        }
        return s;
    }

    private java.util.concurrent.ExecutorService stripe(Eui64 device) {
        return stripes[(int) Math.floorMod(device.value() ^ (device.value() >>> 29), (long) stripes.length)];
    }

    @Override
    public void onResponse(Eui64 device, byte[] gbcs) {
        stripe(device).execute(() -> checkResponse(device, gbcs));
    }

    @Override
    public void onAlert(Eui64 device, byte[] gbcs) {
        stripe(device).execute(() -> checkAlert(device, gbcs));
    }

    private void checkResponse(Eui64 device, byte[] gbcs) {
        GeneralSigningApdu apdu = check(device, gbcs, CraFlag.RESPONSE);
        if (apdu == null) {
            return;
        }
        CompletableFuture<Outcome> f = pending.remove(new Key(device, apdu.recipient(), apdu.originatorCounter()));
        if (f == null) {
            refuse(device, false, "no command from " + apdu.recipient() + " waits for counter "
                    + Long.toUnsignedString(apdu.originatorCounter()) + " (late, answered already, or replayed)");
            return;
        }
        f.complete(new Outcome.Answered(gbcs));
    }

    private void checkAlert(Eui64 device, byte[] gbcs) {
        GeneralSigningApdu apdu = check(device, gbcs, CraFlag.ALERT);
        if (apdu == null) {
            return;
        }
        if (!alertCounters.accept(device, apdu.originatorCounter())) {
            refuse(device, true, "replayed: counter " + Long.toUnsignedString(apdu.originatorCounter())
                    + " was seen before or is too old");
            return;
        }
        alertSink.accept(device, gbcs);
    }

    /** The decoded APDU if the message passes the checks every device message gets, else null (refused). */
    private GeneralSigningApdu check(Eui64 device, byte[] gbcs, CraFlag kind) {
        boolean alert = kind == CraFlag.ALERT;
        GbcsMessage m;
        try {
            m = decoder.decode(gbcs);
        } catch (GbcsDecodeException e) {
            refuse(device, alert, "it does not decode: " + e.getMessage());
            return null;
        }
        GeneralSigningApdu apdu = m.apdu();
        if (!apdu.originator().equals(device)) {
            refuse(device, alert, "it claims to come from " + apdu.originator());
            return null;
        }
        if (apdu.cra() != kind) {
            refuse(device, alert, "it is a " + apdu.cra() + ", sent as " + (alert ? "an alert" : "a response"));
            return null;
        }
        // GBCS 4.3: a device protects every message, with a MAC header or its signature. One with neither has been
        // stripped (a flipped length byte can turn a signed alert into an unsigned one): never accept it unchecked.
        boolean signed = apdu.signature() instanceof SignatureField.Ecdsa;
        if (!signed && !(m instanceof GbcsMessage.WithMacHeader)) {
            refuse(device, alert, "it is neither signed nor MACed");
            return null;
        }
        if (security.verifyMac(gbcs, m) == Check.INVALID) {
            refuse(device, alert, "its MAC does not verify");
            return null;
        }
        // A frame on the device's own route: one signed with a key a 6.15.2 is placing proves the device switched.
        if (security.verifySignatureFollowingKeyChange(gbcs, m) == Check.INVALID) {
            refuse(device, alert, "its signature does not verify against " + device + "'s signing key");
            return null;
        }
        return apdu;
    }

    /** Stops the checks and the WAN server. */
    public void close() {
        server.close();
        for (java.util.concurrent.ExecutorService s : stripes) {
            s.shutdownNow();
        }
        timeouts.stop();
    }

    private void refuse(Eui64 device, boolean alert, String reason) {
        refused.incrementAndGet();
        // At most one line a second: a replay flood must not become a log flood; the count says what was skipped.
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= 1000 && lastLogged.compareAndSet(last, now)) {
            long skipped = unlogged.getAndSet(0);
            LOG.info(() -> (alert ? "alert" : "response") + " from " + device + " refused: " + reason
                    + (skipped > 0 ? " (" + skipped + " more refused since the last such line)" : ""));
        } else {
            unlogged.incrementAndGet();
        }
        refusalSink.refused(device, alert, reason);
    }
}

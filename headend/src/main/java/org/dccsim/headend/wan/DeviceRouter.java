package org.dccsim.headend.wan;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.frame.GeneralSigningApdu;

/**
 * Sends commands over the WAN server and matches the responses by device and originator counter (a response
 * repeats its command's counter, GBCS-NOTES a.3). A command to a device no link hosts fails at once (E20); one
 * unanswered within the timeout fails with E21 and its pending entry is removed, never leaked.
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

    private record Key(Eui64 device, long counter) {
    }

    private final WanServer server = new WanServer(this);
    private final GbcsFrameDecoder decoder = new GbcsFrameDecoder();
    private final Map<Key, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private volatile BiConsumer<Eui64, byte[]> alertSink = (d, a) -> { };
    private final java.util.concurrent.ScheduledExecutorService timeouts = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dccsim-command-timeouts");
                t.setDaemon(true);
                return t;
            });

    public WanServer server() {
        return server;
    }

    public void onAlerts(BiConsumer<Eui64, byte[]> sink) {
        this.alertSink = sink;
    }

    public int pendingCommands() {
        return pending.size();
    }

    /** Sends {@code command} (whose counter is {@code counter}) and completes when the device answers or not. */
    public CompletableFuture<Outcome> send(Eui64 device, long counter, byte[] command, Duration timeout) {
        Key key = new Key(device, counter);
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
        armTimeout(key, f, timeout);
        return f;
    }

    /** The entry leaves the map before the future completes, so a completed command is never still pending. */
    private void armTimeout(Key key, CompletableFuture<Outcome> f, Duration timeout) {
        timeouts.schedule(() -> {
            if (pending.remove(key, f)) {
                f.complete(new Outcome.TimedOut());
            }
        }, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the answer to a command sent before a restart: nothing is sent; a response that arrives in time
     * completes it, otherwise it times out.
     */
    public CompletableFuture<Outcome> expect(Eui64 device, long counter, Duration timeout) {
        Key key = new Key(device, counter);
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (pending.putIfAbsent(key, f) != null) {
            return CompletableFuture.completedFuture(new Outcome.TimedOut());
        }
        armTimeout(key, f, timeout);
        return f;
    }

    @Override
    public void onResponse(Eui64 device, byte[] gbcs) {
        GeneralSigningApdu apdu;
        try {
            apdu = decoder.decode(gbcs).apdu();
        } catch (GbcsDecodeException e) {
            LOG.fine(() -> "undecodable response from " + device + ": " + e.getMessage());
            return;
        }
        if (!apdu.originator().equals(device)) {
            LOG.fine(() -> "response claiming to be from " + apdu.originator() + " on " + device + "'s route");
            return;
        }
        CompletableFuture<Outcome> f = pending.remove(new Key(device, apdu.originatorCounter()));
        if (f != null) {
            f.complete(new Outcome.Answered(gbcs));
        }
    }

    @Override
    public void onAlert(Eui64 device, byte[] gbcs) {
        alertSink.accept(device, gbcs);
    }
}

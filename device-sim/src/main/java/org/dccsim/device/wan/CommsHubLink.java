package org.dccsim.device.wan;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dccsim.device.Device;
import org.dccsim.device.Outbound;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.gbcs.wan.WanFrameCodec;
import org.dccsim.gbcs.wan.WanRegistration;
import org.dccsim.wan.NettyTransport;
import org.dccsim.wan.WanFrameHandlers;

/**
 * The simulated communications hub side of the WAN link: dials the head-end, proves the devices it hosts (each
 * device signs the head-end's challenge with its own signing key, docs/wan-link.md), hands each command to its
 * device and sends back responses and alerts; polls devices for what falls due (limit ends, future-dated
 * activations); pings the head-end so a half-open link is noticed; reconnects with exponential backoff when the link
 * drops, and registers again on every new link.
 *
 * <p>Devices run on a few single-threaded stripes, chosen by EUI, so each device sees its commands in arrival
 * order (replay counters depend on it) while different devices run in parallel, off the I/O thread.
 */
public final class CommsHubLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CommsHubLink.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Well inside the head-end's 90 s idle limit; a link silent for three pings is taken as dead. */
    static final Duration PING_EVERY = Duration.ofSeconds(30);
    static final Duration DEAD_AFTER = PING_EVERY.multipliedBy(3);

    private final DeviceHost host;
    private final String headendHost;
    private final int headendPort;
    private final FaultPlan faults;
    private final Duration pollInterval;
    private final EventLoopGroup group = NettyTransport.group(1);
    private final ExecutorService[] stripes;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dccsim-comms-hub-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile Channel channel;
    private volatile boolean closed;
    private volatile CountDownLatch connected = new CountDownLatch(1);
    private Duration backoff = MIN_BACKOFF;
    private final AtomicLong commandsIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Commands for devices their hub's device log does not list. */
    private final AtomicLong unreachable = new AtomicLong();
    /** Registration runs one at a time, so an older one never re-registers a device a newer one took offline. */
    private final ExecutorService registrar = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dccsim-wan-registration");
        t.setDaemon(true);
        return t;
    });
    /** The current link's challenge and the proofs made for it (a device signs once per link, not per re-register). */
    private record Challenge(byte[] bytes, Map<Eui64, WanRegistration.Proof> proofs) {
    }

    private volatile Challenge challenge;
    private final Set<Eui64> keyless = ConcurrentHashMap.newKeySet();

    public CommsHubLink(DeviceHost host, String headendHost, int headendPort, FaultPlan faults, Duration pollInterval) {
        this.host = host;
        this.headendHost = headendHost;
        this.headendPort = headendPort;
        this.faults = faults;
        this.pollInterval = pollInterval;
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.stripes = new ExecutorService[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            stripes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dccsim-devices-" + id);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Starts dialling; returns at once. */
    public CommsHubLink start() {
        connect();
        long ms = Math.max(10, pollInterval.toMillis());
        timers.scheduleWithFixedDelay(this::pollDevices, ms, ms, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::ping, PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Waits until the link is up and registered. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isConnected() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    public long commandsReceived() {
        return commandsIn.get();
    }

    public long framesSent() {
        return framesOut.get();
    }

    /** Commands and alerts dropped because the device's hub does not list it in its device log. */
    public long framesUnreachable() {
        return unreachable.get();
    }

    public long framesDropped() {
        return dropped.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(NettyTransport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(DEAD_AFTER.toMillis(), 0, 0,
                                TimeUnit.MILLISECONDS));
                        WanFrameHandlers.install(ch.pipeline());
                        ch.pipeline().addLast(new Inbound());
                    }
                });
        ChannelFuture f = b.connect(headendHost, headendPort);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.fine(() -> "WAN link to " + headendHost + ":" + headendPort + " failed: " + done.cause());
                scheduleReconnect();
            }
        });
    }

    private synchronized void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        timers.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Re-announces which devices are reachable (after a fault plan marks devices offline or back online): UNREGISTER
     * for the offline ones, REGISTER_PROVEN for the rest. Returns at once; the signing runs on the device stripes.
     */
    public void reregister() {
        registrar.execute(this::register);
    }

    private void register() {
        Channel c = channel;
        Challenge ch = challenge;
        if (c == null || !c.isActive() || ch == null) {
            return;
        }
        List<Eui64> online = new ArrayList<>();
        List<Eui64> offline = new ArrayList<>();
        for (Eui64 e : host.euis()) {
            (faults.offline(e) ? offline : online).add(e);
        }
        for (int i = 0; i < offline.size(); i += WanFrameCodec.MAX_EUIS_PER_REGISTER) {
            WanFrame r = WanFrame.register(offline.subList(i, Math.min(offline.size(), i + WanFrameCodec.MAX_EUIS_PER_REGISTER)));
            c.write(new WanFrame(WanFrame.Kind.UNREGISTER, WanFrame.LINK, r.payload()));
        }
        // Proofs go out a frame at a time as they are signed, not all at the end: a big fleet takes minutes to sign
        // (a million devices here: derive each key, sign), and the head-end closes a link that has not registered
        // within its limit (15 s by default), after which every proof made for that link's challenge is wasted.
        boolean sentAny = false;
        for (int i = 0; i < online.size(); i += WanRegistration.MAX_ENTRIES_PER_FRAME) {
            List<WanRegistration.Proof> signed;
            try {
                signed = prove(ch, online.subList(i, Math.min(online.size(), i + WanRegistration.MAX_ENTRIES_PER_FRAME)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (challenge != ch || !c.isActive()) {
                return; // a newer link came up while signing; it registers for itself
            }
            for (WanFrame f : WanRegistration.frames(signed)) {
                c.write(f);
                sentAny = true;
            }
            c.flush();
        }
        // At least one frame, even empty: the head-end closes a link that never registers.
        if (!sentAny) {
            c.writeAndFlush(new WanFrame(WanFrame.Kind.REGISTER_PROVEN, WanFrame.LINK, new byte[0]));
        }
        connected.countDown();
    }

    /** Each device signs the challenge with its own key, on its stripe; devices without a signing key are skipped. */
    private List<WanRegistration.Proof> prove(Challenge ch, List<Eui64> devices) throws InterruptedException {
        Map<Eui64, WanRegistration.Proof> proofs = ch.proofs();
        Map<ExecutorService, List<Eui64>> byStripe = new java.util.HashMap<>();
        for (Eui64 e : devices) {
            if (!proofs.containsKey(e)) {
                byStripe.computeIfAbsent(stripe(e), k -> new ArrayList<>()).add(e);
            }
        }
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (Map.Entry<ExecutorService, List<Eui64>> s : byStripe.entrySet()) {
            work.add(s.getKey().submit(() -> {
                for (Eui64 e : s.getValue()) {
                    Optional<EcKeys.PrivateKey> key = host.device(e).flatMap(org.dccsim.device.Device::signingKey);
                    if (key.isEmpty()) {
                        if (keyless.add(e)) {
                            LOG.warning(() -> "device " + e + " has no digital-signing key: it cannot register on the WAN");
                        }
                        continue;
                    }
                    proofs.put(e, WanRegistration.prove(ch.bytes(), e, key.get()));
                }
            }));
        }
        for (java.util.concurrent.Future<?> w : work) {
            try {
                w.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.log(Level.WARNING, "signing WAN registrations failed", e.getCause());
            }
        }
        List<WanRegistration.Proof> out = new ArrayList<>(devices.size());
        for (Eui64 e : devices) {
            WanRegistration.Proof p = proofs.get(e);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private void ping() {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(new WanFrame(WanFrame.Kind.PING, WanFrame.LINK, new byte[0]));
        }
    }

    private ExecutorService stripe(Eui64 eui) {
        return stripes[(int) Math.floorMod(eui.value() ^ (eui.value() >>> 29), (long) stripes.length)];
    }

    private void handleCommand(WanFrame frame) {
        Eui64 eui = frame.device();
        commandsIn.incrementAndGet();
        stripe(eui).execute(() -> {
            if (faults.offline(eui) || faults.drop(eui)) {
                dropped.incrementAndGet();
                return;
            }
            Device d = host.device(eui).orElse(null);
            if (d == null) {
                return;
            }
            if (!host.reachable(eui)) {
                // Not in its hub's device log: the hub cannot deliver over the HAN, and the head-end times out (E21).
                unreachable.incrementAndGet();
                LOG.fine(() -> "the hub of " + eui + " does not list it in its device log; command dropped");
                return;
            }
            try {
                List<Outbound> out = d.receive(frame.payload());
                if (!out.isEmpty()) {
                    host.changed(d);
                }
                send(out);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "device " + eui + " failed on a command", e);
            }
        });
    }

    private void pollDevices() {
        try {
            for (Device d : host.dueDevices()) {
                stripe(d.eui()).execute(() -> {
                    try {
                        List<Outbound> out = d.poll();
                        if (!out.isEmpty()) {
                            host.changed(d);
                        }
                        send(out);
                    } catch (RuntimeException e) {
                        // One device's failure must not take the stripe's other work with it.
                        LOG.log(Level.WARNING, "device " + d.eui() + " failed on its scheduled work", e);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "polling devices failed", e);
        }
    }

    private void send(List<Outbound> out) {
        for (Outbound o : out) {
            Eui64 eui = o.device();
            if (faults.offline(eui) || faults.drop(eui)) {
                dropped.incrementAndGet();
                continue;
            }
            if (!host.reachable(eui)) {
                // An alert from a device its hub does not list never crosses the HAN either.
                unreachable.incrementAndGet();
                continue;
            }
            byte[] bytes = o.frame();
            if (faults.corrupt(eui) && bytes.length > 20) {
                bytes[bytes.length / 2] ^= 0x5A;
            }
            WanFrame f = new WanFrame(o.kind() == Outbound.Kind.RESPONSE ? WanFrame.Kind.RESPONSE : WanFrame.Kind.ALERT,
                    eui, bytes);
            Duration delay = faults.delay(eui);
            if (delay.isZero()) {
                write(f);
            } else {
                timers.schedule(() -> write(f), delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void write(WanFrame f) {
        Channel c = channel;
        if (c != null && c.isActive()) {
            c.writeAndFlush(f);
            framesOut.incrementAndGet();
        } else {
            dropped.incrementAndGet(); // the link is down: a real comms hub would lose it too
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<WanFrame> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            synchronized (CommsHubLink.this) {
                backoff = MIN_BACKOFF;
            }
            LOG.info(() -> "WAN link up to " + headendHost + ":" + headendPort + ", " + host.euis().size() + " devices");
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            channel = null;
            challenge = null;
            connected = new CountDownLatch(1);
            if (!closed) {
                LOG.info("WAN link down; reconnecting");
                scheduleReconnect();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WanFrame frame) {
            switch (frame.kind()) {
                case COMMAND:
                    handleCommand(frame);
                    break;
                case CHALLENGE:
                    challenge = new Challenge(frame.payload(), new ConcurrentHashMap<>());
                    reregister();
                    break;
                case PING:
                    ctx.writeAndFlush(new WanFrame(WanFrame.Kind.PONG, WanFrame.LINK, frame.payload()));
                    break;
                case ERROR:
                    LOG.warning(() -> "head-end closed the WAN link: "
                            + new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8));
                    break;
                default:
                    break;
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                LOG.info(() -> "nothing from the head-end for " + DEAD_AFTER.toSeconds() + " s; reconnecting");
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.fine(() -> "WAN link error: " + cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel c = channel;
        if (c != null) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        timers.shutdownNow();
        registrar.shutdownNow();
        for (ExecutorService s : stripes) {
            s.shutdownNow();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

package org.dccsim.headend.wan;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.gbcs.wan.WanRegistration;
import org.dccsim.wan.NettyTransport;
import org.dccsim.wan.WanFrameHandlers;

/**
 * The head-end's WAN port: device simulators connect, prove which devices they host, receive commands and send
 * responses and alerts (docs/wan-link.md). Routes commands by EUI to the link that proved the device last.
 *
 * <p>Every link is treated as hostile until it proves something: it gets a random challenge on connect and must
 * register within {@link Limits#registerWithin()}; a device's route is taken only with the device's signature over
 * that challenge (unless the head-end runs with {@link Registration#OPEN}, for trusted labs, where an unproven
 * registration never displaces a live route). Links idle beyond {@link Limits#idle()} are closed, and the devices a
 * link and the whole head-end hold are capped, so neither idle sockets nor registration floods can exhaust memory.
 */
public final class WanServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WanServer.class.getName());

    /** How devices take routes. */
    public enum Registration {
        /** Each device signs the link's challenge with its digital-signing key (the default). */
        PROOF,
        /** Plain REGISTER frames are accepted too, but never take a route a live link holds: for trusted labs. */
        OPEN
    }

    /**
     * The WAN side's bounds (docs/wan-link.md, "Limits"): what a link must do by when, and how much state links may
     * create.
     */
    public record Limits(Registration registration, Duration registerWithin, Duration idle, int maxLinks,
            int maxDevicesPerLink, int maxRoutes) {
        public static final Limits DEFAULT = new Limits(Registration.PROOF, Duration.ofSeconds(15), Duration.ofSeconds(90),
                512, 1 << 20, 1 << 21);

        public Limits {
            Objects.requireNonNull(registration);
            if (registerWithin.isNegative() || registerWithin.isZero() || idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("WAN timeouts must be positive");
            }
            if (maxLinks < 1 || maxDevicesPerLink < 1 || maxRoutes < 1) {
                throw new IllegalArgumentException("WAN caps must be positive");
            }
        }

        public Limits withRegistration(Registration r) {
            return new Limits(r, registerWithin, idle, maxLinks, maxDevicesPerLink, maxRoutes);
        }

        public Limits withTimeouts(Duration registerWithin, Duration idle) {
            return new Limits(registration, registerWithin, idle, maxLinks, maxDevicesPerLink, maxRoutes);
        }

        public Limits withCaps(int maxLinks, int maxDevicesPerLink, int maxRoutes) {
            return new Limits(registration, registerWithin, idle, maxLinks, maxDevicesPerLink, maxRoutes);
        }
    }

    /** What arrives from devices, already known to come from the link that holds the device's route. */
    public interface Listener {
        void onResponse(Eui64 device, byte[] gbcs);

        void onAlert(Eui64 device, byte[] gbcs);
    }

    /** The public digital-signing key of a device the head-end knows; empty for devices it does not. */
    public interface DeviceKeys {
        Optional<EcKeys.PublicKey> signingKey(Eui64 device);

        /** Signing keys the device may have switched to (new certificates being placed), tried when its own fails. */
        default List<EcKeys.PublicKey> expectedSigningKeys(Eui64 device) {
            return List.of();
        }

        /** The device proved it switched to this expected key. */
        default void confirmed(Eui64 device, EcKeys.PublicKey key) {
        }
    }

    private final EventLoopGroup boss = NettyTransport.group(1);
    private final EventLoopGroup workers = NettyTransport.group(2);
    /**
     * Proofs are checked here, not on the I/O threads (one frame holds up to 1,820 signatures). A link reads nothing
     * more while its frame is checked, so the queue holds at most one task per link.
     */
    private final ExecutorService verifiers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime()
            .availableProcessors()), r -> {
                Thread t = new Thread(r, "dccsim-wan-registration");
                t.setDaemon(true);
                return t;
            });
    private final SecureRandom random = new SecureRandom();
    private final Map<Eui64, Channel> routes = new ConcurrentHashMap<>();
    private final AtomicInteger links = new AtomicInteger();
    private final AtomicLong acceptedRegistrations = new AtomicLong();
    private final AtomicLong refusedRegistrations = new AtomicLong();
    private final AtomicLong ignoredFrames = new AtomicLong();
    private final AtomicLong closedLinks = new AtomicLong();
    private final Listener listener;
    private final DeviceKeys keys;
    private final Limits limits;
    private Channel serverChannel;

    public WanServer(Listener listener, DeviceKeys keys, Limits limits) {
        this.listener = listener;
        this.keys = keys;
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Binds and returns the port (0 picks a free one). */
    public int start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NettyTransport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(limits.idle().toMillis(), 0, 0,
                                TimeUnit.MILLISECONDS));
                        WanFrameHandlers.install(ch.pipeline());
                        ch.pipeline().addLast(new Link());
                    }
                });
        serverChannel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Whether a link currently hosts this device. */
    public boolean connected(Eui64 device) {
        Channel c = routes.get(device);
        return c != null && c.isActive();
    }

    public int connectedDevices() {
        return routes.size();
    }

    public int links() {
        return links.get();
    }

    /** Device registrations that took (or renewed) a route. */
    public long acceptedRegistrations() {
        return acceptedRegistrations.get();
    }

    /** Device registrations refused: bad or missing proofs, unknown devices, caps reached. */
    public long refusedRegistrations() {
        return refusedRegistrations.get();
    }

    /** Responses and alerts dropped because their link does not hold the device's route. */
    public long ignoredFrames() {
        return ignoredFrames.get();
    }

    /** Links the head-end closed: protocol errors, no registration in time, idle, too many links. */
    public long closedLinks() {
        return closedLinks.get();
    }

    /** Sends a command to a device; false when no link hosts it (DUIS E20). */
    public boolean send(Eui64 device, byte[] gbcs) {
        Channel c = routes.get(device);
        if (c == null || !c.isActive()) {
            return false;
        }
        c.writeAndFlush(new WanFrame(WanFrame.Kind.COMMAND, device, gbcs));
        return true;
    }

    private final class Link extends SimpleChannelInboundHandler<WanFrame> {
        private final byte[] challenge = new byte[WanRegistration.CHALLENGE_LENGTH];
        private int devices;
        private boolean registered;
        private boolean counted;
        private ScheduledFuture<?> deadline;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (links.incrementAndGet() > limits.maxLinks()) {
                links.decrementAndGet();
                refuse(ctx, "the head-end already serves " + limits.maxLinks() + " WAN links");
                return;
            }
            counted = true;
            random.nextBytes(challenge);
            ctx.writeAndFlush(new WanFrame(WanFrame.Kind.CHALLENGE, WanFrame.LINK, challenge));
            deadline = ctx.executor().schedule(() -> {
                if (!registered) {
                    refuse(ctx, "no registration within " + limits.registerWithin().toSeconds() + " s");
                }
            }, limits.registerWithin().toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WanFrame f) {
            switch (f.kind()) {
                case REGISTER_PROVEN:
                    checkProofs(ctx, f);
                    break;
                case REGISTER:
                    registerUnproven(ctx, f.euis());
                    break;
                case UNREGISTER:
                    for (Eui64 e : f.euis()) {
                        if (routes.remove(e, ctx.channel())) {
                            devices--;
                        }
                    }
                    break;
                case RESPONSE:
                case ALERT:
                    if (routes.get(f.device()) != ctx.channel()) {
                        ignoredFrames.incrementAndGet();
                        LOG.fine(() -> f.kind() + " for " + f.device() + " from a link that does not hold its route");
                    } else if (f.kind() == WanFrame.Kind.RESPONSE) {
                        listener.onResponse(f.device(), f.payload());
                    } else {
                        listener.onAlert(f.device(), f.payload());
                    }
                    break;
                case PING:
                    ctx.writeAndFlush(new WanFrame(WanFrame.Kind.PONG, WanFrame.LINK, f.payload()));
                    break;
                case PONG:
                case ERROR:
                    break;
                default:
                    refuse(ctx, "a device link does not send " + f.kind());
                    break;
            }
        }

        private void registerUnproven(ChannelHandlerContext ctx, List<Eui64> euis) {
            if (limits.registration() != Registration.OPEN) {
                refuse(ctx, "unproven registration refused: register with REGISTER_PROVEN (docs/wan-link.md)");
                return;
            }
            registered = true;
            for (Eui64 e : euis) {
                Channel held = routes.get(e);
                if (held != null && held != ctx.channel() && held.isActive()) {
                    // OPEN trusts links, not the devices on them: first come keeps the route.
                    refusedRegistrations.incrementAndGet();
                    LOG.warning(() -> "unproven registration of " + e + " refused: a live link holds its route");
                    continue;
                }
                take(ctx, e);
            }
        }

        private void checkProofs(ChannelHandlerContext ctx, WanFrame f) {
            List<WanRegistration.Proof> proofs = WanRegistration.proofs(f);
            ctx.channel().config().setAutoRead(false);
            try {
                verifiers.execute(() -> {
                    List<Eui64> valid = new ArrayList<>(proofs.size());
                    List<String> refused = new ArrayList<>();
                    for (WanRegistration.Proof p : proofs) {
                        Optional<EcKeys.PublicKey> key = keys.signingKey(p.device());
                        List<EcKeys.PublicKey> next = keys.expectedSigningKeys(p.device());
                        EcKeys.PublicKey proven = next.stream().filter(k -> WanRegistration.verify(challenge, p, k))
                                .findFirst().orElse(null);
                        if (key.isEmpty() && next.isEmpty()) {
                            refused.add(p.device() + " (no signing key known for it)");
                        } else if (key.isPresent() && WanRegistration.verify(challenge, p, key.get())) {
                            valid.add(p.device());
                        } else if (proven != null) {
                            keys.confirmed(p.device(), proven);
                            valid.add(p.device());
                        } else {
                            refused.add(p.device() + " (its signature does not verify)");
                        }
                    }
                    ctx.executor().execute(() -> applyProofs(ctx, proofs.size(), valid, refused));
                });
            } catch (RejectedExecutionException e) {
                ctx.close();
            }
        }

        private void applyProofs(ChannelHandlerContext ctx, int offered, List<Eui64> valid, List<String> refused) {
            registered = true;
            refusedRegistrations.addAndGet(refused.size());
            if (!refused.isEmpty()) {
                LOG.warning(() -> "WAN link " + ctx.channel().remoteAddress() + ": " + refused.size() + " of " + offered
                        + " registrations refused, e.g. " + refused.get(0));
            }
            if (offered > 0 && valid.isEmpty()) {
                // Nothing in the frame was genuine: a confused or hostile link, not worth more verification work.
                refuse(ctx, "none of the " + offered + " registrations proved its device, e.g. " + refused.get(0));
                return;
            }
            for (Eui64 e : valid) {
                take(ctx, e);
            }
            ctx.channel().config().setAutoRead(true);
        }

        private void take(ChannelHandlerContext ctx, Eui64 device) {
            Channel held = routes.get(device);
            if (held == ctx.channel()) {
                acceptedRegistrations.incrementAndGet();
                return;
            }
            if (devices >= limits.maxDevicesPerLink() || (held == null && routes.size() >= limits.maxRoutes())) {
                refusedRegistrations.incrementAndGet();
                LOG.warning(() -> "registration of " + device + " refused: " + (devices >= limits.maxDevicesPerLink()
                        ? "this link already hosts " + limits.maxDevicesPerLink() + " devices"
                        : "the head-end already routes " + limits.maxRoutes() + " devices"));
                return;
            }
            // A proven device moves to the newer link: its key holder reconnected (the old link may be half-open).
            routes.put(device, ctx.channel());
            devices++;
            acceptedRegistrations.incrementAndGet();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                refuse(ctx, "nothing received for " + limits.idle().toSeconds() + " s");
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        private void refuse(ChannelHandlerContext ctx, String reason) {
            if (ctx.channel().isActive()) {
                closedLinks.incrementAndGet();
                LOG.info(() -> "WAN link " + ctx.channel().remoteAddress() + " closed: " + reason);
                WanFrameHandlers.closeWithError(ctx.channel(), reason);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (counted) {
                links.decrementAndGet();
            }
            // Only the routes this link still owns: a device may have moved to a newer link.
            routes.values().removeIf(c -> c == ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.fine(() -> "WAN link " + ctx.channel().remoteAddress() + " failed: " + cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        verifiers.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

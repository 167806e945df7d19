package org.dccsim.wan;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The Netty transport every dccsim server and link uses: Linux's native epoll where Netty's native library loads
 * (x86-64 Linux; shipped in the jar), Java NIO everywhere else. Chosen once per process, so that a head-end and the
 * devices in one JVM never mix the two.
 *
 * <p>Why native: in a 2,000-SAPC drill (2026-12-06, perf-based profile) a fifth of the process's CPU was in the
 * kernel, and the NIO selector's wake-ups (an eventfd write from every worker thread that hands a response to an
 * event loop, a monitor taken to clear it) and its selected-key bookkeeping were among the larger items; Netty's epoll
 * transport wakes its loops through one atomic and an eventfd, and reads and writes with direct memory addresses.
 * {@code -Ddccsim.transport=nio} forces NIO (to compare, or where the native library misbehaves).
 */
public final class NettyTransport {
    /** The system property that forces a transport: {@code nio} or {@code epoll}. */
    public static final String PROPERTY = "dccsim.transport";

    private static final String FORCED = System.getProperty(PROPERTY);
    private static final String PROBLEM = problem(FORCED);
    /** A bad setting leaves the default in force (a library must not fail to load); the CLI refuses it up front. */
    private static final boolean NATIVE = PROBLEM == null ? chooseNative(FORCED) : Epoll.isAvailable();

    private NettyTransport() {
    }

    /** What is wrong with a forced transport, or null when it is absent or usable. */
    static String problem(String forced) {
        if (forced == null || forced.isBlank()) {
            return null;
        }
        return switch (forced.trim().toLowerCase(Locale.ROOT)) {
            case "nio" -> null;
            case "epoll" -> Epoll.isAvailable() ? null : "-D" + PROPERTY + "=epoll, but Netty's native epoll does not load "
                    + "here (" + Epoll.unavailabilityCause() + ")";
            default -> "-D" + PROPERTY + "=" + forced + ": expected nio or epoll";
        };
    }

    /** Whether a (usable) forced setting, or the default, means native epoll. */
    static boolean chooseNative(String forced) {
        if (forced == null || forced.isBlank()) {
            return Epoll.isAvailable();
        }
        return "epoll".equals(forced.trim().toLowerCase(Locale.ROOT));
    }

    /** What is wrong with this process's {@value #PROPERTY} setting, if anything: the CLI exits 2 on it. */
    public static java.util.Optional<String> configurationProblem() {
        return java.util.Optional.ofNullable(PROBLEM);
    }

    /** Whether this process runs on the native epoll transport. */
    public static boolean isNative() {
        return NATIVE;
    }

    /** "epoll (native)" or "NIO", for banners and reports. */
    public static String description() {
        return NATIVE ? "epoll (native)" : "NIO";
    }

    /** An event loop group of {@code threads} threads on this process's transport. */
    public static EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandler());
    }

    private static IoHandlerFactory ioHandler() {
        return NATIVE ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The listening socket's channel class, for {@code ServerBootstrap.channel}. */
    public static Class<? extends ServerChannel> serverChannel() {
        return NATIVE ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** A client socket's channel class, for {@code Bootstrap.channel}. */
    public static Class<? extends Channel> socketChannel() {
        return NATIVE ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}

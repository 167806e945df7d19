package org.dccsim.headend.wan;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.wan.WanFrameHandlers;

/**
 * The head-end's WAN port: device simulators connect, register the EUI-64s they host, receive commands and
 * send responses and alerts (docs/wan-link.md). Routes commands by EUI to the link that registered it last.
 */
public final class WanServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WanServer.class.getName());

    /** What arrives from devices. */
    public interface Listener {
        void onResponse(Eui64 device, byte[] gbcs);

        void onAlert(Eui64 device, byte[] gbcs);
    }

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<Eui64, Channel> routes = new ConcurrentHashMap<>();
    private final Listener listener;
    private Channel serverChannel;

    public WanServer(Listener listener) {
        this.listener = listener;
    }

    /** Binds and returns the port (0 picks a free one). */
    public int start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
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
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WanFrame f) {
            switch (f.kind()) {
                case REGISTER:
                    for (Eui64 e : f.euis()) {
                        routes.put(e, ctx.channel());
                    }
                    break;
                case UNREGISTER:
                    for (Eui64 e : f.euis()) {
                        routes.remove(e, ctx.channel());
                    }
                    break;
                case RESPONSE:
                    if (routes.get(f.device()) == ctx.channel()) {
                        listener.onResponse(f.device(), f.payload());
                    }
                    break;
                case ALERT:
                    if (routes.get(f.device()) == ctx.channel()) {
                        listener.onAlert(f.device(), f.payload());
                    }
                    break;
                case PING:
                    ctx.writeAndFlush(new WanFrame(WanFrame.Kind.PONG, WanFrame.LINK, f.payload()));
                    break;
                default:
                    break;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
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
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

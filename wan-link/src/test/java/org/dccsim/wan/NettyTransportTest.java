package org.dccsim.wan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which transport a process gets, what a bad setting says, and that the chosen one carries bytes on loopback. */
class NettyTransportTest {
    @Test
    void linuxOnX8664_getsTheNativeEpollShippedInTheJar() {
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        if (linuxX64) {
            assertThat(Epoll.isAvailable()).as("the linux-x86_64 native library loads: %s", Epoll.unavailabilityCause())
                    .isTrue();
            assertThat(NettyTransport.chooseNative(null)).isTrue();
        }
        assertThat(NettyTransport.description()).isEqualTo(NettyTransport.isNative() ? "epoll (native)" : "NIO");
    }

    @Test
    void forcedNio_isHonouredWithoutProblem() {
        assertThat(NettyTransport.problem("nio")).isNull();
        assertThat(NettyTransport.problem(" NIO ")).isNull();
        assertThat(NettyTransport.chooseNative("nio")).isFalse();
    }

    @Test
    void unknownTransport_isAProblemNamingTheChoices() {
        assertThat(NettyTransport.problem("io_uring")).isEqualTo("-Ddccsim.transport=io_uring: expected nio or epoll");
    }

    @Test
    void forcedEpoll_isAProblemOnlyWhereItDoesNotLoad() {
        if (Epoll.isAvailable()) {
            assertThat(NettyTransport.problem("epoll")).isNull();
            assertThat(NettyTransport.chooseNative("epoll")).isTrue();
        } else {
            assertThat(NettyTransport.problem("epoll")).contains("does not load here");
        }
    }

    @Test
    void chosenTransport_echoesBytesOverLoopback() throws Exception {
        EventLoopGroup group = NettyTransport.group(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(NettyTransport.serverChannel())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    ctx.writeAndFlush(msg.retain());
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            Channel client = new Bootstrap().group(group).channel(NettyTransport.socketChannel())
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            echoed.complete(msg.toString(StandardCharsets.US_ASCII));
                        }
                    }).connect(server.localAddress()).sync().channel();
            assertThat(((InetSocketAddress) server.localAddress()).getPort()).isPositive();
            client.writeAndFlush(Unpooled.copiedBuffer("8F86", StandardCharsets.US_ASCII)).sync();
            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("8F86");
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

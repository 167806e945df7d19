package org.dccsim.headend.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dccsim.gbcs.Eui64;
import org.dccsim.headend.duis.DuisDocuments;
import org.dccsim.headend.duis.DuisException;
import org.dccsim.headend.users.DccUser;
import org.dccsim.headend.xmldsig.DuisSignatures;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * DCC Boxed's DUIS HTTP interface on Netty: POST {@code /api/v1/serviceS}, {@code serviceT} and
 * {@code serviceD} with {@code application/xml} (default port 8079), plus dccsim's long-poll extension
 * {@code POST /api/v1/dccsim/poll} for users with no inbound endpoint. Request handling (XML signatures,
 * ECDSA) runs on a worker pool, never on the I/O threads; bodies over the DUIS size cap get 413.
 *
 * <p>The poll request is a signed XML document {@code <dccsim:Poll xmlns:dccsim="urn:dccsim:poll"
 * user="90-B3-..." sent="2026-06-01T17:00:00Z" wait="20"/>} signed like a DUIS request with the user's
 * XML-signing key; {@code sent} must be within five minutes of now, so a captured poll cannot be replayed
 * for long. The answer is the oldest held Response document (200), or 204 after {@code wait} seconds.
 *
 * <p>With {@code max="N"} (2 to {@value #MAX_BATCH}) the answer carries up to N held documents at once, oldest
 * first, as {@code multipart/mixed} with one {@code application/xml} part per document (RFC 2046), each still
 * signed on its own: a user with many answers in flight collects them in one round trip instead of one per
 * answer, which had capped a drill's answer rate at the poll rate.
 */
public final class DuisHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DuisHttpServer.class.getName());
    public static final String POLL_PATH = "/api/v1/dccsim/poll";
    public static final String POLL_NS = "urn:dccsim:poll";
    private static final Duration POLL_SKEW = Duration.ofMinutes(5);
    private static final int MAX_WAIT_SECONDS = 60;
    public static final int MAX_BATCH = 500;

    private final HeadEnd headEnd;
    private final DuisDocuments documents = DuisDocuments.withoutSchema();
    private final DuisSignatures signatures;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ExecutorService workers;
    private final ExecutorService pollers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dccsim-long-poll");
        t.setDaemon(true);
        return t;
    });
    private Channel channel;

    public DuisHttpServer(HeadEnd headEnd, DuisSignatures signatures, int workerThreads) {
        this.headEnd = headEnd;
        this.signatures = signatures;
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread t = new Thread(r, "dccsim-duis");
            t.setDaemon(true);
            return t;
        });
    }

    public int start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(120));
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                        ch.pipeline().addLast(new HttpObjectAggregator(DuisDocuments.MAX_DOCUMENT_BYTES));
                        ch.pipeline().addLast(new Handler());
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri().split("\\?", 2)[0];
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                send(ctx, HttpResponseStatus.BAD_REQUEST, null, false);
                return;
            }
            if (req.method() != HttpMethod.POST) {
                send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, null, keepAlive);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(req.content());
            if (POLL_PATH.equals(path)) {
                pollers.execute(() -> poll(ctx, body, keepAlive));
                return;
            }
            workers.execute(() -> {
                try {
                    HeadEnd.Reply r = headEnd.handle(path, body);
                    send(ctx, HttpResponseStatus.valueOf(r.status()), r.body(), keepAlive);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "request to " + path + " failed", e);
                    send(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, null, false);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
                send(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, null, false);
                return;
            }
            LOG.fine(() -> "HTTP connection failed: " + cause);
            ctx.close();
        }
    }

    private void poll(ChannelHandlerContext ctx, byte[] body, boolean keepAlive) {
        try {
            Document d = documents.parse(body);
            Element root = d.getDocumentElement();
            if (!POLL_NS.equals(root.getNamespaceURI()) || !"Poll".equals(root.getLocalName())) {
                send(ctx, HttpResponseStatus.BAD_REQUEST, null, keepAlive);
                return;
            }
            Eui64 user = Eui64.parse(root.getAttribute("user"));
            Instant sent = Instant.parse(root.getAttribute("sent"));
            int wait = root.hasAttribute("wait") ? Math.min(MAX_WAIT_SECONDS, Math.max(0, Integer.parseInt(root.getAttribute("wait")))) : 20;
            DccUser u = headEnd.registry().user(user).orElse(null);
            if (u == null || Duration.between(sent, Instant.now()).abs().compareTo(POLL_SKEW) > 0) {
                send(ctx, HttpResponseStatus.FORBIDDEN, null, keepAlive);
                return;
            }
            var signer = signatures.verify(d);
            if (!signer.getSerialNumber().equals(u.xmlSigningCertificate().getSerialNumber())) {
                send(ctx, HttpResponseStatus.FORBIDDEN, null, keepAlive);
                return;
            }
            int max = root.hasAttribute("max") ? Math.min(MAX_BATCH, Math.max(1, Integer.parseInt(root.getAttribute("max")))) : 1;
            if (max == 1) {
                byte[] next = headEnd.delivery().poll(user, Duration.ofSeconds(wait));
                send(ctx, next == null ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.OK, next, keepAlive);
                return;
            }
            List<byte[]> batch = headEnd.delivery().pollBatch(user, Duration.ofSeconds(wait), max);
            if (batch.isEmpty()) {
                send(ctx, HttpResponseStatus.NO_CONTENT, null, keepAlive);
                return;
            }
            String boundary = "dccsim-" + java.util.UUID.randomUUID();
            send(ctx, HttpResponseStatus.OK, Multipart.write(boundary, batch), "multipart/mixed; boundary=" + boundary, keepAlive);
        } catch (DuisException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            send(ctx, HttpResponseStatus.FORBIDDEN, null, keepAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, null, false);
        }
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, boolean keepAlive) {
        send(ctx, status, body, "application/xml", keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, String type, boolean keepAlive) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (body != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        HttpUtil.setContentLength(resp, body == null ? 0 : body.length);
        HttpUtil.setKeepAlive(resp, keepAlive);
        var f = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Stops serving, and closes the head-end it serves (it has no other owner). */
    @Override
    public void close() {
        headEnd.close();
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        workers.shutdownNow();
        pollers.shutdownNow();
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

package org.dccsim.headend.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.poll.Multipart;
import org.dccsim.duis.poll.PollRequest;
import org.dccsim.headend.journal.Journal;
import org.dccsim.headend.users.DccUser;
import org.dccsim.wan.NettyTransport;

/**
 * DCC Boxed's DUIS HTTP interface on Netty: POST {@code /api/v1/serviceS}, {@code serviceT} and {@code serviceD} with
 * {@code application/xml} (default port 8079), dccsim's long-poll extension ({@link PollRequest}), and the operator's
 * endpoints ({@link Operations}: health, metrics, the simulated clock).
 *
 * <p>Limits, each with what happens at it (docs/headend.md):
 * <ul>
 *   <li>a request body over {@link DuisDocuments#MAX_DOCUMENT_BYTES}: 413, connection closed;</li>
 *   <li>one request at a time per connection: the server stops reading a connection while its request is handled,
 *       so pipelined requests wait in the socket (TCP back-pressure, not memory) and are answered in order;</li>
 *   <li>{@link #MAX_CONNECTIONS} connections: further ones are closed at once;</li>
 *   <li>{@link #MAX_BUFFERED_BYTES} of request bodies held at once over all connections (each request reserves its
 *       Content-Length, or the document limit if it has none, before its body is buffered, until it is answered):
 *       a request that would pass it gets 503 with {@code Retry-After: 1} and its connection is closed;</li>
 *   <li>a connection that sends nothing for {@link #IDLE_SECONDS} s is closed (a long-poll is at most 60 s).</li>
 * </ul>
 * A request is handled to completion on its connection's event loop (one per core): its work (XML signatures, ECDSA,
 * a journal append to the OS) is CPU-bound and does not wait on the network, so a worker pool only added two thread
 * handoffs per request (a queue offer and wake-up there, an event-loop task and eventfd wake-up back). The one wait is
 * the journal's occasional compaction (once appends pass {@link Journal#COMPACT_AFTER_BYTES}), which rewrites and
 * forces the file on the thread whose append triggered it, holding that loop's connections for its duration, as it
 * held a worker before. Overload therefore backs up in TCP, a connection at a time, not in a queue: a loop
 * reads one request per connection in turn (answers are one at a time per connection, above), so a client with one
 * connection cannot starve the others. A waiting long-poll holds no thread, and a poll whose connection closes gives
 * its messages back.
 */
public final class DuisHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DuisHttpServer.class.getName());
    public static final int MAX_CONNECTIONS = 1024;
    /** Request bodies buffered at once, over all connections (128 documents of the maximum size). */
    public static final long MAX_BUFFERED_BYTES = 64L << 20;
    /** Requests read ahead of the one being answered (pipelined); more closes the connection. */
    public static final int MAX_PIPELINED = 64;
    public static final int IDLE_SECONDS = 120;
    private static final Duration POLL_SKEW = Duration.ofMinutes(5);
    /** Poll nonces remembered at once (ten minutes' worth); beyond, polls get 503 until old ones expire. */
    public static final int MAX_NONCES = 200_000;

    /** The operator's side: health, metrics and the clock. Each method returns the text to answer, or null (404). */
    public interface Operations {
        /** GET /health: JSON. */
        String health();

        /** GET /metrics: Prometheus text format. */
        String metrics();

        /** GET /admin/clock: JSON. */
        String clock();

        /**
         * POST /admin/clock with a form or JSON body ({@code speed=60}, {@code jump=PT2H}); {@code token} is the
         * request's bearer token. Returns the clock as JSON; IllegalArgumentException for bad input,
         * SecurityException for a wrong token.
         */
        String setClock(Map<String, String> changes, String token);
    }

    private final HeadEnd headEnd;
    private final Operations operations;
    private final DuisDocuments documents = DuisDocuments.withoutSchema();
    private final EventLoopGroup boss = NettyTransport.group(1);
    private final EventLoopGroup io;
    private final AtomicInteger connections = new AtomicInteger();
    /** Poll nonces seen per user, with when they may be forgotten (the poll's freshness window). */
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong noncesSweptAt = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong buffered = new java.util.concurrent.atomic.AtomicLong();
    /** Waiting polls' timers not yet fired or cancelled (each holds its poll until then). */
    private final AtomicInteger pollTimers = new AtomicInteger();
    private Channel channel;

    /** {@code threads}: the event loops that read, handle and answer requests (one per core is the most that helps). */
    public DuisHttpServer(HeadEnd headEnd, int threads, Operations operations) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.headEnd = headEnd;
        this.operations = operations;
        this.io = NettyTransport.group(threads);
    }

    public int start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, io).channel(NettyTransport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                            connections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS));
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                        ch.pipeline().addLast(new BodyBudget());
                        ch.pipeline().addLast(new HttpObjectAggregator(DuisDocuments.MAX_DOCUMENT_BYTES));
                        ch.pipeline().addLast(new Handler());
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Long-poll timers outstanding: one per poll still waiting, none for a poll that was answered. */
    public int pollTimers() {
        return pollTimers.get();
    }

    /** Bytes of request bodies reserved now. */
    public long bufferedBytes() {
        return buffered.get();
    }

    /**
     * Reserves each request's body against {@link #MAX_BUFFERED_BYTES} when its headers arrive, before the aggregator
     * buffers a byte of it: the limit holds for slow senders too, not only for requests already read. Reservations are
     * released in request order as the answers are written (answers go out in request order), and all of them when
     * the connection closes. Runs on the connection's event loop only.
     */
    private final class BodyBudget extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<Long> reserved = new ArrayDeque<>();
        private boolean discarding;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                HttpRequest req = (HttpRequest) msg;
                long n = req.method() == HttpMethod.GET ? 0
                        : Math.min(HttpUtil.getContentLength(req, (long) DuisDocuments.MAX_DOCUMENT_BYTES),
                                DuisDocuments.MAX_DOCUMENT_BYTES);
                if (buffered.addAndGet(n) > MAX_BUFFERED_BYTES) {
                    buffered.addAndGet(-n);
                    ReferenceCountUtil.release(msg);
                    discarding = true;
                    rejected.incrementAndGet();
                    FullHttpResponse resp = response(HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "the head-end holds too many request bodies; retry shortly\n".getBytes(StandardCharsets.UTF_8),
                            "text/plain; charset=utf-8", false);
                    resp.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                    ctx.channel().config().setAutoRead(false);
                    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                reserved.addLast(n);
            } else if (discarding && msg instanceof HttpContent) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        /** The oldest unanswered request has been answered. */
        void answered() {
            Long n = reserved.pollFirst();
            if (n != null) {
                buffered.addAndGet(-n);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (Long n : reserved) {
                buffered.addAndGet(-n);
            }
            reserved.clear();
            ctx.fireChannelInactive();
        }
    }

    /** Requests refused because the body budget was spent (503). */
    public long rejected() {
        return rejected.get();
    }

    public int connections() {
        return connections.get();
    }

    /**
     * One connection's requests, answered one at a time in the order they came (HTTP/1.1 pipelining, RFC 9112 9.3).
     * A client that sends a request before its last is answered (it pipelines) stops being read (TCP back-pressure)
     * until the queue here drains; at most {@link #MAX_PIPELINED} wait. A client that waits for each answer, as DUIS
     * clients do, is read throughout: that costs nothing, where stopping and restarting reads cost two epoll_ctl calls
     * per request, and a client that goes away is noticed at once (a waiting long-poll released). Runs on the
     * connection's event loop only.
     */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
        private boolean busy;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (busy) {
                if (waiting.size() >= MAX_PIPELINED) {
                    LOG.fine(() -> "closing " + ctx.channel().remoteAddress() + ": more than " + MAX_PIPELINED + " pipelined");
                    ctx.close();
                    return;
                }
                waiting.addLast(req.retain());
                ctx.channel().config().setAutoRead(false);
                return;
            }
            busy = true;
            handle(ctx, req);
        }

        /** The current request has been answered: handle the next one that waits, or read more. */
        void answered(ChannelHandlerContext ctx) {
            busy = false;
            FullHttpRequest next = waiting.pollFirst();
            if (next != null) {
                busy = true;
                try {
                    handle(ctx, next);
                } finally {
                    next.release();
                }
                return;
            }
            if (!ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
            ctx.fireChannelInactive();
        }

        private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri().split("\\?", 2)[0];
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                sendText(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
                return;
            }
            if (req.method() == HttpMethod.GET) {
                get(ctx, path, keepAlive);
                return;
            }
            if (req.method() != HttpMethod.POST) {
                sendText(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "POST DUIS documents; GET /health, /metrics, /admin/clock",
                        keepAlive);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(req.content());
            String client = req.headers().get(PollRequest.CLIENT_HEADER);
            String token = bearer(req.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (PollRequest.PATH.equals(path)) {
                poll(ctx, body, keepAlive);
            } else if ("/admin/clock".equals(path)) {
                setClock(ctx, body, token, keepAlive);
            } else {
                try {
                    HeadEnd.Reply r = headEnd.handle(path, body, PollRequest.validToken(client) ? client : null);
                    send(ctx, HttpResponseStatus.valueOf(r.status()), r.body(), r.contentType(), keepAlive, null);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "request to " + path + " failed", e);
                    sendText(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", false);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
                sendText(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body exceeds "
                        + DuisDocuments.MAX_DOCUMENT_BYTES + " bytes", false);
                return;
            }
            LOG.fine(() -> "HTTP connection failed: " + cause);
            ctx.close();
        }
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    private void get(ChannelHandlerContext ctx, String path, boolean keepAlive) {
        String body;
        String type;
        switch (path) {
            case "/health" -> {
                body = operations.health();
                type = "application/json";
            }
            case "/metrics" -> {
                body = operations.metrics();
                type = "text/plain; version=0.0.4; charset=utf-8";
            }
            case "/admin/clock" -> {
                body = operations.clock();
                type = "application/json";
            }
            default -> {
                sendText(ctx, HttpResponseStatus.NOT_FOUND, "GET serves /health, /metrics and /admin/clock; DUIS is POST",
                        keepAlive);
                return;
            }
        }
        send(ctx, HttpResponseStatus.OK, body.getBytes(StandardCharsets.UTF_8), type, keepAlive, null);
    }

    private void setClock(ChannelHandlerContext ctx, byte[] body, String token, boolean keepAlive) {
        Map<String, String> changes = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8).trim();
        // A form (speed=60&jump=PT2H) or a flat JSON object ({"speed": 60, "jump": "PT2H"}).
        for (String part : text.replaceAll("[{}\"\\s]", "").split("[&,]")) {
            if (part.isEmpty()) {
                continue;
            }
            String[] kv = part.split("[=:]", 2);
            if (kv.length != 2) {
                sendText(ctx, HttpResponseStatus.BAD_REQUEST, "expected speed=FACTOR and/or jump=DURATION", keepAlive);
                return;
            }
            changes.put(kv[0], kv[1]);
        }
        try {
            send(ctx, HttpResponseStatus.OK, operations.setClock(changes, token).getBytes(StandardCharsets.UTF_8),
                    "application/json", keepAlive, null);
        } catch (SecurityException e) {
            sendText(ctx, HttpResponseStatus.UNAUTHORIZED, e.getMessage(), keepAlive);
        } catch (IllegalArgumentException e) {
            sendText(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), keepAlive);
        }
    }

    /** A poll: checked, then answered from the user's mailbox at once or when something comes (no thread waits). */
    private void poll(ChannelHandlerContext ctx, byte[] body, boolean keepAlive) {
        PollRequest p;
        DccUser u;
        try {
            var d = documents.parse(body);
            p = PollRequest.read(d);
            u = headEnd.registry().user(p.user()).orElse(null);
            if (u == null) {
                sendText(ctx, HttpResponseStatus.FORBIDDEN, "unknown user " + p.user(), keepAlive);
                return;
            }
            var signer = headEnd.signatures().verify(d);
            if (!signer.getSerialNumber().equals(u.xmlSigningCertificate().getSerialNumber())) {
                sendText(ctx, HttpResponseStatus.FORBIDDEN, "the poll is not signed by " + p.user(), keepAlive);
                return;
            }
        } catch (DuisException e) {
            sendText(ctx, HttpResponseStatus.FORBIDDEN, "refused poll: " + e.getMessage(), keepAlive);
            return;
        }
        long now = System.currentTimeMillis();
        if (Duration.between(p.sent(), Instant.ofEpochMilli(now)).abs().compareTo(POLL_SKEW) > 0) {
            sendText(ctx, HttpResponseStatus.FORBIDDEN, "the poll's sent time is more than five minutes from the head-end's",
                    keepAlive);
            return;
        }
        forgetExpiredNonces(now);
        if (nonces.size() >= MAX_NONCES) {
            sendText(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many polls in the last ten minutes", keepAlive);
            return;
        }
        if (nonces.putIfAbsent(p.user() + "/" + p.nonce(), now + 2 * POLL_SKEW.toMillis()) != null) {
            sendText(ctx, HttpResponseStatus.FORBIDDEN, "the poll's nonce was used before (a replayed poll?)", keepAlive);
            return;
        }
        Delivery.PollSpec spec = new Delivery.PollSpec(p.user(), p.client(), p.max(), p.explicitAck(), p.acks());
        Object lock = new Object();
        boolean[] done = {false};
        Delivery.Waiting[] waiting = {null};
        // What a waiting poll leaves on its connection (a timer, a close listener) goes when the poll ends: a client
        // that polls a keep-alive connection all day must not pile up one of each per poll.
        io.netty.util.concurrent.Future<?>[] timer = {null};
        ChannelFutureListener[] onClose = {null};
        Runnable cleanUp = () -> {
            if (timer[0] != null && timer[0].cancel(false)) {
                pollTimers.decrementAndGet();
            }
            if (onClose[0] != null) {
                ctx.channel().closeFuture().removeListener(onClose[0]);
            }
        };
        java.util.function.Consumer<List<Journal.Held>> ready = held -> {
            synchronized (lock) {
                if (done[0]) {
                    // The wait ended first: give the messages back.
                    headEnd.delivery().written(p.user(), held, false);
                    return;
                }
                done[0] = true;
            }
            ctx.executor().execute(cleanUp);
            answerPoll(ctx, p, held, keepAlive);
        };
        waiting[0] = headEnd.delivery().poll(spec, ready);
        if (waiting[0] == null) {
            return;
        }
        java.util.function.BooleanSupplier giveUp = () -> {
            synchronized (lock) {
                if (done[0]) {
                    return false;
                }
                done[0] = true;
            }
            waiting[0].cancel();
            return true;
        };
        // On the event loop, so the timer and listener are in place before cleanUp (also run there) can look at them.
        ctx.executor().execute(() -> {
            synchronized (lock) {
                if (done[0]) {
                    return; // answered already
                }
                pollTimers.incrementAndGet();
                timer[0] = ctx.executor().schedule(() -> {
                    pollTimers.decrementAndGet();
                    if (giveUp.getAsBoolean()) {
                        cleanUp.run();
                        send(ctx, HttpResponseStatus.NO_CONTENT, null, null, keepAlive, null);
                    }
                }, p.waitSeconds(), TimeUnit.SECONDS);
                onClose[0] = f -> {
                    if (timer[0].cancel(false)) {
                        pollTimers.decrementAndGet();
                    }
                    giveUp.getAsBoolean();
                };
                ctx.channel().closeFuture().addListener(onClose[0]);
            }
            // Read while the poll waits: a client that goes away is noticed at once (its poll released, not held to
            // the end of its wait); anything else it sends waits its turn in the Handler.
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
    }

    private void answerPoll(ChannelHandlerContext ctx, PollRequest p, List<Journal.Held> held, boolean keepAlive) {
        if (held.isEmpty()) {
            send(ctx, HttpResponseStatus.NO_CONTENT, null, null, keepAlive, null);
            return;
        }
        ChannelFutureListener after = f -> headEnd.delivery().written(p.user(), held, f.isSuccess());
        if (held.size() == 1 && p.max() == 1) {
            FullHttpResponse resp = response(HttpResponseStatus.OK, held.get(0).xml(), "application/xml", keepAlive);
            resp.headers().set(Multipart.SEQ_HEADER, Long.toString(held.get(0).seq()));
            write(ctx, resp, keepAlive, after);
            return;
        }
        String boundary = "dccsim-" + java.util.UUID.randomUUID();
        byte[] body = Multipart.write(boundary, held.stream().map(h -> new Multipart.Part(h.seq(), h.xml())).toList());
        write(ctx, response(HttpResponseStatus.OK, body, "multipart/mixed; boundary=" + boundary, keepAlive), keepAlive, after);
    }

    /**
     * Forgets nonces past their window, at most once a second: a sweep walks every remembered nonce (up to ten minutes'
     * worth), and doing it on every poll cost a busy head-end more than the poll itself.
     */
    private void forgetExpiredNonces(long now) {
        long last = noncesSweptAt.get();
        if (now - last >= 1000 && noncesSweptAt.compareAndSet(last, now)) {
            nonces.values().removeIf(until -> until < now);
        }
    }

    private void sendText(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
        send(ctx, status, (text + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", keepAlive, null);
    }

    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, String type, boolean keepAlive,
            ChannelFutureListener after) {
        write(ctx, response(status, body, type, keepAlive), keepAlive, after);
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, String type, boolean keepAlive) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (body != null && type != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        HttpUtil.setContentLength(resp, body == null ? 0 : body.length);
        HttpUtil.setKeepAlive(resp, keepAlive);
        return resp;
    }

    /** Writes the answer, then goes on to the connection's next request (or closes it). */
    private void write(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive, ChannelFutureListener after) {
        var f = ctx.writeAndFlush(resp);
        if (after != null) {
            f.addListener(after);
        }
        f.addListener(x -> {
            BodyBudget budget = ctx.pipeline().get(BodyBudget.class);
            if (budget != null) {
                budget.answered();
            }
            if (!keepAlive || !x.isSuccess()) {
                ctx.close();
                return;
            }
            Handler h = ctx.pipeline().get(Handler.class);
            if (h != null) {
                h.answered(ctx);
            }
        });
    }

    /** Stops serving, and closes the head-end it serves (it has no other owner). */
    @Override
    public void close() {
        headEnd.close();
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

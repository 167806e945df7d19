package org.dccsim.headend.smki;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
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
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.dccsim.wan.NettyTransport;

/**
 * DCC Boxed's SMKI certificate services, on their own port (default 8083), as DCC's key-store client and Node-RED
 * nodes call them (DUIS-NOTES, SMKI): plain XML both ways, no namespaces, an {@code apikey} query parameter that is
 * accepted whatever it is.
 * <ul>
 *   <li>{@code POST /services/certificatesearch} with {@code <CertificateSearchRequest>} naming an organisation
 *       ({@code CertificateSubjectName}) or a device ({@code CertificateSubjectAltName}), the EUI-64 as
 *       {@code a1-a2-...-a8}: 200 with a {@code Result} per certificate (serial in hex, status I, usage DS or KA, the
 *       role for organisations); 402 when nothing is found; 401 for a request that names neither or no valid EUI;</li>
 *   <li>{@code POST /services/retrievecertificate} with {@code <CertificateDataRequest><CertificateSerial>hex}: 200 with
 *       the certificate's DER in base64; 402 for an unknown serial; 401 for a bad one;</li>
 *   <li>{@code POST /services/issuedevicecertificate} with
 *       {@code <DeviceCertificateRequest><CertificationRequest>base64</CertificationRequest>}, a device's PKCS#10 request
 *       (its CS02c answer to 6.17): 200 with a {@code CertificateDataResponse} holding the new certificate, which
 *       6.15.2 then places on the device; 401 for a request that does not hold up, 402 for a device not known here.
 *       Boxed has no such service (the real SMKI issues device certificates through its own interface); dccsim's
 *       stands in for it so the whole re-keying of a device can be rehearsed.</li>
 * </ul>
 * Requests are parsed as the DUIS port's are (no DOCTYPE, 64 levels, here 64 KiB); at most 256 connections.
 */
public final class SmkiServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8083;
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    static final int MAX_CONNECTIONS = 256;

    private final SmkiDirectory directory;
    private final DuisDocuments documents = DuisDocuments.withoutSchema();
    private final EventLoopGroup boss = NettyTransport.group(1);
    private final EventLoopGroup io = NettyTransport.group(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private Channel channel;

    public SmkiServer(SmkiDirectory directory) {
        this.directory = directory;
    }

    public SmkiDirectory directory() {
        return directory;
    }

    /** Requests answered (any status). */
    public long served() {
        return served.get();
    }

    /** Binds and returns the port (0 picks a free one). */
    public int start(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, io).channel(NettyTransport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                            connections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        ch.pipeline().addLast(new ReadTimeoutHandler(30));
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
                        ch.pipeline().addLast(new Handler());
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** What to answer: HTTP status and body (XML, or a line of text for an error). */
    record Answer(int status, String body) {
    }

    /** Answers one request; public for tests that need no socket. */
    Answer handle(String path, byte[] body) {
        XmlNode root;
        try {
            root = XmlNode.of(documents.parse(body).getDocumentElement());
        } catch (DuisException e) {
            return new Answer(401, "not a readable SMKI request: " + e.getMessage());
        }
        if (path.equals("/services/certificatesearch")) {
            return search(root);
        }
        if (path.equals("/services/retrievecertificate")) {
            return retrieve(root);
        }
        if (path.equals("/services/issuedevicecertificate")) {
            return issue(root);
        }
        return new Answer(404, "SMKI serves POST /services/certificatesearch, /services/retrievecertificate and "
                + "/services/issuedevicecertificate");
    }

    private Answer search(XmlNode root) {
        if (!root.name().equals("CertificateSearchRequest")) {
            return new Answer(401, "expected a CertificateSearchRequest");
        }
        Optional<XmlNode> org = root.child("CertificateSubjectName");
        Optional<XmlNode> dev = root.child("CertificateSubjectAltName");
        if (org.isPresent() == dev.isPresent()) {
            return new Answer(401, "name one of CertificateSubjectName (an organisation) or CertificateSubjectAltName (a device)");
        }
        Eui64 eui;
        try {
            eui = Eui64.parse((org.isPresent() ? org.get() : dev.get()).text().trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            return new Answer(401, "not an EUI-64 (a1-a2-a3-a4-a5-a6-a7-a8)");
        }
        List<SmkiDirectory.Entry> found = org.isPresent() ? directory.organisation(eui) : directory.device(eui);
        if (found.isEmpty()) {
            return new Answer(402, "no certificate for " + eui);
        }
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><CertificateSearchResponse>")
                .append("<ResponseCode>I0</ResponseCode><ResponseMessage>Success</ResponseMessage>")
                .append("<AuditReference>").append(served.get()).append("</AuditReference>");
        for (SmkiDirectory.Entry e : found) {
            x.append("<Result><CertificateSerial>").append(e.serial().toString(16)).append("</CertificateSerial>")
                    .append(e.device() ? "<CertificateSubjectAltName>" : "<CertificateSubjectName>").append(dashed(e.eui()))
                    .append(e.device() ? "</CertificateSubjectAltName>" : "</CertificateSubjectName>")
                    .append("<CertificateStatus>I</CertificateStatus><CertificateUsage>").append(e.usage())
                    .append("</CertificateUsage>");
            if (e.role() != null) {
                x.append("<CertificateRole>").append(e.role()).append("</CertificateRole>");
            }
            x.append("<ManufacturingFlag>").append(e.device() ? "Y" : "N").append("</ManufacturingFlag></Result>");
        }
        return new Answer(200, x.append("</CertificateSearchResponse>").toString());
    }

    private Answer issue(XmlNode root) {
        if (!root.name().equals("DeviceCertificateRequest")) {
            return new Answer(401, "expected a DeviceCertificateRequest");
        }
        byte[] csr;
        try {
            csr = Base64.getMimeDecoder().decode(root.child("CertificationRequest").map(XmlNode::text).orElse("").trim());
        } catch (IllegalArgumentException e) {
            return new Answer(401, "CertificationRequest must be a PKCS#10 request in base64");
        }
        org.dccsim.gbcs.crypto.CertificationRequests.Request r;
        try {
            r = org.dccsim.gbcs.crypto.CertificationRequests.parse(csr);
        } catch (org.dccsim.gbcs.crypto.KeyStoreException e) {
            return new Answer(401, "the certification request does not hold up: " + e.getMessage());
        }
        return directory.issue(r).map(this::certificate).orElseGet(() -> new Answer(402, "no device " + r.device() + " here"));
    }

    private Answer retrieve(XmlNode root) {
        if (!root.name().equals("CertificateDataRequest")) {
            return new Answer(401, "expected a CertificateDataRequest");
        }
        String hex = root.child("CertificateSerial").map(XmlNode::text).map(String::trim).orElse("");
        if (!hex.matches("[0-9A-Fa-f]{1,40}")) {
            return new Answer(401, "CertificateSerial must be the serial in hex");
        }
        Optional<SmkiDirectory.Entry> e = directory.retrieve(new BigInteger(hex, 16));
        if (e.isEmpty()) {
            return new Answer(402, "no certificate with serial " + hex);
        }
        return certificate(e.get());
    }

    private Answer certificate(SmkiDirectory.Entry c) {
        String der;
        try {
            der = Base64.getEncoder().encodeToString(c.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException x) {
            return new Answer(500, "unreadable certificate");
        }
        String name = c.device() ? "CertificateSubjectAltName" : "CertificateSubjectName";
        return new Answer(200, "<?xml version=\"1.0\" encoding=\"utf-8\"?><CertificateDataResponse><ResponseCode>I0</ResponseCode>"
                + "<ResponseMessage>Success</ResponseMessage><AuditReference>" + served.get() + "</AuditReference>"
                + "<CertificateResponse><" + name + ">" + dashed(c.eui()) + "</" + name + "><CertificateSerial>"
                + c.serial().toString(16) + "</CertificateSerial><CertificateStatus>I</CertificateStatus><CertificateBody>" + der
                + "</CertificateBody>" + (c.role() == null ? "" : "<CertificateRole>" + c.role() + "</CertificateRole>")
                + "<CertificateUsage>" + c.usage() + "</CertificateUsage><ManufacturingFlag>" + (c.device() ? "Y" : "N")
                + "</ManufacturingFlag></CertificateResponse></CertificateDataResponse>");
    }

    /** The EUI as SMKI writes it: lower-case hex in hyphenated pairs. */
    static String dashed(Eui64 eui) {
        return eui.dashed().toLowerCase(java.util.Locale.ROOT);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            Answer a;
            if (!req.decoderResult().isSuccess()) {
                a = new Answer(400, "malformed HTTP request");
                keepAlive = false;
            } else if (req.method() != HttpMethod.POST) {
                a = new Answer(405, "SMKI serves POST only");
            } else {
                a = handle(req.uri().split("\\?", 2)[0], ByteBufUtil.getBytes(req.content()));
            }
            served.incrementAndGet();
            byte[] body = (a.body() + (a.status() == 200 ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()),
                    Unpooled.wrappedBuffer(body));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, a.status() == 200 ? "application/xml" : "text/plain; charset=utf-8");
            HttpUtil.setContentLength(resp, body.length);
            HttpUtil.setKeepAlive(resp, keepAlive);
            var f = ctx.writeAndFlush(resp);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

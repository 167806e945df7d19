package org.dccsim.wan;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.gbcs.wan.WanFrameCodec;

/**
 * Netty handlers for the WAN link's frames: a 4-byte big-endian length, then the body of
 * {@link WanFrameCodec}. The length decoder enforces the frame cap before allocating; a bad or oversized frame
 * answers ERROR and closes the link, and never throws further down the pipeline. Used by both ends.
 */
public final class WanFrameHandlers {
    private static final Logger LOG = Logger.getLogger(WanFrameHandlers.class.getName());

    private WanFrameHandlers() {
    }

    public static void install(ChannelPipeline p) {
        // One link carries a whole fleet's frames, written from many threads: each write is a task on the link's
        // event loop, and flushing each alone cost a write(2) per frame. Frames queued together now leave in one
        // writev; a frame still leaves as soon as the loop has run what was queued before it (no timer, no delay).
        p.addLast("wan-flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES,
                true));
        // Netty's maximum counts the 4-byte length field too; the body may be MAX_FRAME_BODY bytes.
        p.addLast("wan-length", new LengthFieldBasedFrameDecoder(WanFrameCodec.MAX_FRAME_BODY + 4, 0, 4, 0, 4) {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (cause instanceof TooLongFrameException) {
                    fail(ctx, "frame exceeds " + WanFrameCodec.MAX_FRAME_BODY + " bytes");
                } else if (cause instanceof CorruptedFrameException) {
                    fail(ctx, "negative frame length");
                } else {
                    ctx.fireExceptionCaught(cause);
                }
            }
        });
        p.addLast("wan-decoder", new Decoder());
        p.addLast("wan-encoder", new Encoder());
    }

    static void fail(ChannelHandlerContext ctx, String reason) {
        LOG.fine(() -> "WAN link " + ctx.channel().remoteAddress() + " closed: " + reason);
        closeWithError(ctx.channel(), reason);
    }

    /**
     * Sends ERROR with the reason and closes. Written from the channel, not a handler's context: the encoder sits
     * after the decoders in the pipeline. Reads stop at once, so nothing the peer sends after it is handled.
     */
    public static void closeWithError(Channel channel, String reason) {
        channel.config().setAutoRead(false);
        channel.writeAndFlush(new WanFrame(WanFrame.Kind.ERROR, WanFrame.LINK, reason.getBytes(StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            byte[] body = new byte[msg.readableBytes()];
            msg.readBytes(body);
            try {
                out.add(WanFrameCodec.decodeBody(body));
            } catch (GbcsDecodeException e) {
                fail(ctx, e.getMessage());
            }
        }
    }

    static final class Encoder extends MessageToByteEncoder<WanFrame> {
        @Override
        protected void encode(ChannelHandlerContext ctx, WanFrame frame, ByteBuf out) {
            byte[] body = WanFrameCodec.encodeBody(frame);
            out.writeInt(body.length);
            out.writeBytes(body);
        }
    }
}

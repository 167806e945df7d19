package org.dccsim.headend.wan;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.wan.WanFrame;
import org.dccsim.gbcs.wan.WanFrameCodec;

/**
 * A WAN peer with no Netty and no manners: writes whatever bytes a test gives it and reads frames back, so tests can
 * play a rogue or broken device link against the real head-end port.
 */
final class RawWanClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawWanClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    void send(WanFrame f) throws IOException {
        byte[] body = WanFrameCodec.encodeBody(f);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or null when the head-end closed the link (or nothing came within the socket timeout). */
    WanFrame read() throws IOException {
        try {
            int length = in.readInt();
            byte[] body = new byte[length];
            in.readFully(body);
            return WanFrameCodec.decodeBody(body);
        } catch (EOFException | SocketTimeoutException e) {
            return null;
        } catch (GbcsDecodeException e) {
            throw new IOException(e);
        }
    }

    /** The next frame of a kind, skipping others (PONGs, say); null when the link closes first. */
    WanFrame read(WanFrame.Kind kind) throws IOException {
        WanFrame f;
        while ((f = read()) != null && f.kind() != kind) {
            if (f.kind() == WanFrame.Kind.ERROR && kind != WanFrame.Kind.ERROR) {
                return f;
            }
        }
        return f;
    }

    /** Whether the head-end has closed the link: reads until end of stream, within the socket timeout. */
    boolean closedByPeer() throws IOException {
        try {
            while (true) {
                int length = in.readInt();
                in.skipNBytes(length);
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

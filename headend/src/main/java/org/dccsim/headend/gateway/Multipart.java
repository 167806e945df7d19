package org.dccsim.headend.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code multipart/mixed} body (RFC 2046 section 5.1) of a batched long-poll: one {@code application/xml}
 * part per held document. The reader takes only what the writer makes (CRLF line ends, a Content-Type header per
 * part) and refuses anything else; it never allocates more than the body it is given.
 */
public final class Multipart {
    private static final byte[] CRLF = {'\r', '\n'};

    private Multipart() {
    }

    public static byte[] write(String boundary, List<byte[]> parts) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] header = "Content-Type: application/xml\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(parts.stream().mapToInt(p -> p.length + 96).sum());
        for (byte[] p : parts) {
            if (indexOf(p, delimiter, 0) >= 0) {
                throw new IllegalArgumentException("a part contains the boundary");
            }
            out.writeBytes(delimiter);
            out.writeBytes(CRLF);
            out.writeBytes(header);
            out.writeBytes(p);
            out.writeBytes(CRLF);
        }
        out.writeBytes(delimiter);
        out.writeBytes("--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The boundary parameter of a {@code multipart/mixed} Content-Type, or null if it is not one. */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/mixed")) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String[] kv = param.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("boundary")) {
                String b = kv[1].trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 70 ? null : b; // RFC 2046: 1 to 70 characters
            }
        }
        return null;
    }

    /** The parts' bodies; IllegalArgumentException if the body is not a multipart made by {@link #write}. */
    public static List<byte[]> read(String boundary, byte[] body) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        if (indexOf(body, delimiter, 0) != 0) {
            throw new IllegalArgumentException("the body does not start with its boundary");
        }
        int at = delimiter.length;
        while (true) {
            if (startsWith(body, at, "--")) {
                return parts;
            }
            if (!startsWith(body, at, "\r\n")) {
                throw new IllegalArgumentException("a boundary is not followed by a line end");
            }
            int headers = at + 2;
            int content = indexOf(body, headerEnd, headers);
            if (content < 0) {
                throw new IllegalArgumentException("a part has no end of headers");
            }
            content += headerEnd.length;
            int end = indexOf(body, separator, content);
            if (end < 0) {
                throw new IllegalArgumentException("a part is not closed by the boundary");
            }
            parts.add(Arrays.copyOfRange(body, content, end));
            at = end + separator.length;
        }
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

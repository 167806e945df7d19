package org.dccsim.duis.poll;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code multipart/mixed} body (RFC 2046 section 5.1) of a batched long-poll: one {@code application/xml}
 * part per held document, each with its delivery sequence number in a {@value #SEQ_HEADER} header (what a client
 * acknowledges). The reader takes only what the writer makes (CRLF line ends, the two headers per part) and refuses
 * anything else; it never allocates more than the body it is given.
 */
public final class Multipart {
    /** The header naming a held document's delivery sequence number, on a part or on a single-document answer. */
    public static final String SEQ_HEADER = "DCCSIM-Seq";
    private static final byte[] CRLF = {'\r', '\n'};

    /** One part: a held document and its sequence number (-1 where none was given). */
    public record Part(long seq, byte[] body) {
        public Part {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private Multipart() {
    }

    public static byte[] write(String boundary, List<Part> parts) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Finder delimiterFinder = new Finder(delimiter);
        ByteArrayOutputStream out = new ByteArrayOutputStream(parts.stream().mapToInt(p -> p.body.length + 128).sum());
        for (Part p : parts) {
            if (delimiterFinder.indexOf(p.body, 0) >= 0) {
                throw new IllegalArgumentException("a part contains the boundary");
            }
            out.writeBytes(delimiter);
            out.writeBytes(CRLF);
            out.writeBytes(("Content-Type: application/xml\r\n" + SEQ_HEADER + ": " + p.seq + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p.body);
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

    /** The parts; IllegalArgumentException if the body is not a multipart made by {@link #write}. */
    public static List<Part> read(String boundary, byte[] body) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Finder separatorFinder = new Finder(separator);
        Finder headerEndFinder = new Finder(headerEnd);
        List<Part> parts = new ArrayList<>();
        if (!startsWith(body, 0, "--" + boundary)) {
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
            int content = headerEndFinder.indexOf(body, headers);
            if (content < 0) {
                throw new IllegalArgumentException("a part has no end of headers");
            }
            content += headerEnd.length;
            int end = separatorFinder.indexOf(body, content);
            if (end < 0) {
                throw new IllegalArgumentException("a part is not closed by the boundary");
            }
            parts.add(new Part(seq(new String(body, headers, content - headerEnd.length - headers,
                    StandardCharsets.US_ASCII)), Arrays.copyOfRange(body, content, end)));
            at = end + separator.length;
        }
    }

    private static long seq(String headers) {
        int from = 0;
        while (from < headers.length()) {
            int eol = headers.indexOf("\r\n", from);
            String line = headers.substring(from, eol < 0 ? headers.length() : eol);
            from = eol < 0 ? headers.length() : eol + 2;
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(SEQ_HEADER)) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a part's " + SEQ_HEADER + " is not a number");
                }
            }
        }
        return -1;
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

    /**
     * Finds one needle (a boundary line, the end of a part's headers) in bodies of many KiB: Horspool's search, which
     * skips up to the needle's length at each step where a byte-by-byte scan tried every offset; one poll's answer
     * is searched once per part, on both sides.
     */
    static final class Finder {
        private final byte[] needle;
        private final int[] skip = new int[256];

        Finder(byte[] needle) {
            if (needle.length == 0) {
                throw new IllegalArgumentException("an empty needle");
            }
            this.needle = needle.clone();
            Arrays.fill(skip, needle.length);
            for (int j = 0; j < needle.length - 1; j++) {
                skip[needle[j] & 0xFF] = needle.length - 1 - j;
            }
        }

        /** The first index at or after {@code from} where the needle starts in {@code hay}, or -1. */
        int indexOf(byte[] hay, int from) {
            int last = needle.length - 1;
            for (int i = Math.max(from, 0); i <= hay.length - needle.length; i += skip[hay[i + last] & 0xFF]) {
                if (hay[i + last] == needle[last] && matchesAt(hay, i)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean matchesAt(byte[] hay, int at) {
            for (int j = 0; j < needle.length - 1; j++) {
                if (hay[at + j] != needle[j]) {
                    return false;
                }
            }
            return true;
        }
    }
}

package org.dccsim.srv.bindings;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.XmlNode;
import org.dccsim.duis.XsDateTime;
import org.dccsim.gbcs.dlms.CosemDateTime;

/**
 * Reading DUIS body fields with their checks: every field a binding reads is present, well formed and in range, or
 * the request is refused with E12 (DUIS: a request whose content is invalid) before anything reaches a device.
 */
public final class Fields {
    /**
     * The span of dates a period may cover (a decision: DUIS allows any xs:dateTime, but a SMETS2 device holds data
     * from this century only, and a year-0 or year-9999 bound is a caller's mistake the device would only echo).
     */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    /** DUIS cancels a pending device-future-dated change with an ExecutionDateTime this far ahead (the RTDS uses 3000+). */
    public static final Instant CANCEL_FROM = Instant.parse("3000-01-01T00:00:00Z");

    private Fields() {
    }

    public static XmlNode required(XmlNode parent, String child) throws DuisException {
        return parent.child(child).orElseThrow(() -> new DuisException(DuisCodes.E12, parent.name() + " has no " + child));
    }

    /** An xs:dateTime with a zone. */
    public static Instant instant(XmlNode parent, String child) throws DuisException {
        String text = parent.text(child);
        if (text == null) {
            throw new DuisException(DuisCodes.E12, parent.name() + " has no " + child);
        }
        try {
            return XsDateTime.parseOffset(text.trim());
        } catch (DateTimeParseException e) {
            throw new DuisException(DuisCodes.E12, child + " '" + text + "' is not an xs:dateTime with a zone");
        }
    }

    /** An xs:dateTime within {@link #EARLIEST} to {@link #LATEST}. */
    public static Instant instantInRange(XmlNode parent, String child) throws DuisException {
        Instant t = instant(parent, child);
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
            throw new DuisException(DuisCodes.E12, child + " " + t + " is outside 2000 to 2099");
        }
        return t;
    }

    /** {@code StartDateTime} and {@code EndDateTime} of a period that may not end before it starts. */
    public static Instant[] period(XmlNode period, boolean endMayEqualStart) throws DuisException {
        Instant from = instantInRange(period, "StartDateTime");
        Instant to = instantInRange(period, "EndDateTime");
        if (to.isBefore(from) || (!endMayEqualStart && to.equals(from))) {
            throw new DuisException(DuisCodes.E12, period.name() + " ends " + (to.equals(from) ? "when" : "before") + " it starts");
        }
        return new Instant[] {from, to};
    }

    /** A body's ReadLogPeriod as [start, end]. */
    public static Instant[] readLogPeriod(XmlNode body) throws DuisException {
        return period(required(body, "ReadLogPeriod"), true);
    }

    /**
     * A text field's bytes (UTF-8), 1 to {@code maxBytes} long (0 allowed when {@code minBytes} is 0), every character
     * printable: GBCS carries them as octet-strings whose table length is the most a device holds.
     */
    public static byte[] text(XmlNode parent, String child, int minBytes, int maxBytes) throws DuisException {
        String text = parent.text(child);
        if (text == null) {
            throw new DuisException(DuisCodes.E12, parent.name() + " has no " + child);
        }
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length < minBytes || b.length > maxBytes) {
            throw new DuisException(DuisCodes.E12, child + " must be " + minBytes + " to " + maxBytes + " bytes, not " + b.length);
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new DuisException(DuisCodes.E12, child + " holds a control character");
        }
        return b;
    }

    /** An MPAN: 13 digits (DUIS ImportMPAN, ExportMPAN). */
    public static byte[] mpan(XmlNode parent, String child) throws DuisException {
        String text = parent.text(child);
        if (text == null || !text.trim().matches("[0-9]{13}")) {
            throw new DuisException(DuisCodes.E12, child + " must be an MPAN of 13 digits");
        }
        return text.trim().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static long number(XmlNode parent, String child, long min, long max) throws DuisException {
        return number(parent.text(child), child, min, max);
    }

    public static long number(String text, String name, long min, long max) throws DuisException {
        if (text == null) {
            throw new DuisException(DuisCodes.E12, name + " is missing");
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new DuisException(DuisCodes.E12, name + " " + v + " is not " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DuisException(DuisCodes.E12, name + " '" + text + "' is not a whole number");
        }
    }

    /** An xs:boolean child: true, false, 1 or 0 (XML Schema 3.3.2), else E12. */
    public static boolean bool(XmlNode parent, String child) throws DuisException {
        String t = parent.text(child);
        if (t == null) {
            throw new DuisException(DuisCodes.E12, child + " is missing");
        }
        return switch (t.trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new DuisException(DuisCodes.E12, child + " '" + t + "' is not a boolean");
        };
    }

    /** An attribute holding a number, e.g. {@code index="3"}. */
    public static int attribute(XmlNode node, String attribute, int min, int max) throws DuisException {
        return (int) number(node.attribute(attribute).orElse(null), node.name() + " " + attribute, min, max);
    }

    public static byte[] base64(XmlNode n) throws DuisException {
        try {
            return Base64.getMimeDecoder().decode(n.text());
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, n.name() + " is not base64");
        }
    }

    /**
     * A base64 X.509 certificate, DER (a replacement or certification path certificate): E12 for one that does not
     * parse, so that nothing unreadable reaches the GBCS encoders. Whether the device accepts it is the device's to say.
     */
    public static byte[] certificate(XmlNode n) throws DuisException {
        byte[] der = base64(n);
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new DuisException(DuisCodes.E12, n.name() + " is not an X.509 certificate");
        }
        if (der.length == 0 || der[0] != 0x30) {
            throw new DuisException(DuisCodes.E12, n.name() + " is not a DER certificate");
        }
        return der;
    }

    /** An optional ExecutionDateTime: absent, or the time, or {@link #CANCEL_FROM} and later to cancel. */
    public static Optional<Instant> executionDateTime(XmlNode body) throws DuisException {
        return body.child("ExecutionDateTime").isPresent() ? Optional.of(instant(body, "ExecutionDateTime")) : Optional.empty();
    }

    /** The activation time of a device-future-dated change: NOW, the ExecutionDateTime, or NEVER to cancel. */
    public static CosemDateTime activation(XmlNode body) throws DuisException {
        Optional<Instant> at = executionDateTime(body);
        if (at.isEmpty()) {
            return CosemDateTime.NOW;
        }
        return at.get().isBefore(CANCEL_FROM) ? CosemDateTime.ofInstant(at.get()) : CosemDateTime.NEVER;
    }
}

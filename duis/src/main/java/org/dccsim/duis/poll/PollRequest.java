package org.dccsim.duis.poll;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisDocuments;
import org.dccsim.duis.DuisException;
import org.dccsim.duis.OutgoingDocument;
import org.dccsim.duis.XmlNode;
import org.dccsim.gbcs.Eui64;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * dccsim's long-poll extension to DUIS, for DCC Users with no inbound Receive Response Service: a signed document
 * POSTed to {@value #PATH}, signed like a DUIS request with the user's XML-signing key:
 *
 * <pre>{@code
 * <dccsim:Poll xmlns:dccsim="urn:dccsim:poll" user="90-B3-D5-1F-30-01-00-08" sent="2026-06-01T17:00:00Z"
 *              nonce="3f6c..." wait="20" max="50" client="sr-4f2a" ack="explicit">
 *   <dccsim:Ack seq="41"/>
 *   <dccsim:Ack seq="42"/>
 *   <ds:Signature>...</ds:Signature>
 * </dccsim:Poll>
 * }</pre>
 *
 * <ul>
 *   <li>{@code sent} within five minutes of the head-end's clock and a {@code nonce} never seen from that user in
 *       that window: a captured poll cannot be replayed;</li>
 *   <li>{@code wait}: seconds to wait for the first document (0 to 60); {@code max}: how many to take (1 to 500;
 *       0 only acknowledges);</li>
 *   <li>{@code client}: a tag the client also sent with its requests (HTTP header {@value #CLIENT_HEADER}): answers to
 *       those requests, and alerts from the devices they went to, are kept for polls with the same tag, so several
 *       tools of one user never take each other's answers; a poll without a tag takes only what no client claimed
 *       (or whose claim lapsed);</li>
 *   <li>{@code ack="explicit"}: what a poll hands over stays leased to the client until a later poll acknowledges its
 *       sequence number with {@code Ack}, and is delivered again if no acknowledgement comes in time; without it, a
 *       document is forgotten once written to the connection.</li>
 * </ul>
 */
public record PollRequest(Eui64 user, Instant sent, String nonce, int waitSeconds, int max, String client, boolean explicitAck,
        List<Long> acks) {
    public static final String NS = "urn:dccsim:poll";
    public static final String PATH = "/api/v1/dccsim/poll";
    /** The HTTP header with which a client tags its requests (and so claims their answers). */
    public static final String CLIENT_HEADER = "DCCSIM-Client";
    public static final int MAX_WAIT_SECONDS = 60;
    public static final int MAX_BATCH = 500;
    /** Acknowledgements one poll may carry. */
    public static final int MAX_ACKS = 1000;

    public PollRequest {
        acks = List.copyOf(acks);
    }

    /** Whether a client tag or nonce is well-formed: 1 to 64 letters, digits and {@code . _ : -}. */
    public static boolean validToken(String s) {
        // By hand, not a regular expression: the head-end checks every request's client tag.
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The unsigned Poll document, as dccsim writes and signs it. */
    public OutgoingDocument toXml() {
        List<XmlNode> ackNodes = new java.util.ArrayList<>(acks.size());
        for (long seq : acks) {
            ackNodes.add(XmlNode.element("Ack").withAttribute("seq", Long.toString(seq)));
        }
        XmlNode root = XmlNode.element("Poll", ackNodes).withAttribute("user", user.dashed())
                .withAttribute("sent", sent.toString()).withAttribute("nonce", nonce)
                .withAttribute("wait", Integer.toString(waitSeconds)).withAttribute("max", Integer.toString(max));
        if (client != null) {
            root = root.withAttribute("client", client);
        }
        if (explicitAck) {
            root = root.withAttribute("ack", "explicit");
        }
        return new OutgoingDocument("dccsim", NS, root);
    }

    /** The unsigned Poll document as a DOM. */
    public Document toDocument() {
        return toXml().toDocument();
    }

    /** Reads a parsed Poll document (its signature is the caller's to check). */
    public static PollRequest read(Document d) throws DuisException {
        Element root = d.getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"Poll".equals(root.getLocalName())) {
            throw new DuisException(DuisCodes.E12, "not a dccsim:Poll");
        }
        Eui64 user;
        Instant sent;
        try {
            user = Eui64.parse(root.getAttribute("user"));
            sent = Instant.parse(root.getAttribute("sent"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new DuisException(DuisCodes.E12, "the poll's user or sent is malformed");
        }
        String nonce = root.getAttribute("nonce");
        if (!validToken(nonce)) {
            throw new DuisException(DuisCodes.E12, "the poll needs a nonce of 1 to 64 letters, digits and . _ : -");
        }
        String client = root.hasAttribute("client") ? root.getAttribute("client") : null;
        if (client != null && !validToken(client)) {
            throw new DuisException(DuisCodes.E12, "the poll's client tag is malformed");
        }
        int wait = number(root, "wait", 20, 0, MAX_WAIT_SECONDS);
        int max = number(root, "max", 1, 0, MAX_BATCH);
        String ack = root.getAttribute("ack");
        if (!ack.isEmpty() && !ack.equals("explicit") && !ack.equals("written")) {
            throw new DuisException(DuisCodes.E12, "ack is explicit or written, not " + ack);
        }
        List<Long> acks = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && "Ack".equals(e.getLocalName())) {
                if (acks.size() == MAX_ACKS) {
                    throw new DuisException(DuisCodes.E12, "more than " + MAX_ACKS + " acknowledgements in one poll");
                }
                try {
                    acks.add(Long.parseLong(e.getAttribute("seq")));
                } catch (NumberFormatException x) {
                    throw new DuisException(DuisCodes.E12, "an Ack's seq is not a number");
                }
            }
        }
        return new PollRequest(user, sent, nonce, wait, max, client, ack.equals("explicit"), acks);
    }

    private static int number(Element e, String attribute, int absent, int min, int max) throws DuisException {
        if (!e.hasAttribute(attribute)) {
            return absent;
        }
        try {
            return Math.min(max, Math.max(min, Integer.parseInt(e.getAttribute(attribute))));
        } catch (NumberFormatException x) {
            throw new DuisException(DuisCodes.E12, "the poll's " + attribute + " is not a number");
        }
    }
}

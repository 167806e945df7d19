package org.dccsim.duis;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A DUIS Response (DUIS-NOTES 1b; element order from the XSD): the header's RequestID, ResponseID, ResponseCode and
 * ResponseDateTime, and what its body carries. The head-end writes them ({@link ResponseWriter} signs them); a DCC
 * User's client reads them back with {@link #read}.
 */
public record DuisResponse(String requestId, String responseId, String code, Instant dateTime, Content content) {
    /** The GBCS version pre-commands are given for (DUIS PreCommand/GBCSVersion). */
    public static final String GBCS_VERSION = "4.2";

    /** What a ResponseMessage or alert carries. Byte arrays are copied in and out. */
    public sealed interface Content {
        /** The GBCS message carried, if any. */
        default Optional<byte[]> gbcs() {
            return Optional.empty();
        }

        /** Content that carries a GBCS message: a pre-command, a device's answer or alert. */
        sealed interface WithPayload extends Content permits PreCommand, GbcsPayload, Cin, Scheduled, DeviceAlert {
            /** The GBCS message, a copy. */
            byte[] payload();

            @Override
            default Optional<byte[]> gbcs() {
                return Optional.of(payload());
            }
        }

        /** SR and SRV only: acknowledgements and errors. */
        record Empty(String sr, String srv) implements Content {
        }

        /** The critical flow's pre-command, for the user to sign (variant 4's answer). */
        record PreCommand(String sr, String srv, byte[] payload) implements WithPayload {
            public PreCommand {
                payload = payload.clone();
            }

            @Override
            public byte[] payload() {
                return payload.clone();
            }
        }

        /** A device's answer. */
        record GbcsPayload(String sr, String srv, byte[] payload) implements WithPayload {
            public GbcsPayload {
                payload = payload.clone();
            }

            @Override
            public byte[] payload() {
                return payload.clone();
            }
        }

        /**
         * A non-device service's answer (command variant 8): the ResponseMessage's one element after SR and SRV, e.g.
         * DSPInventory (8.2), DSPScheduleID (5.1) or DSPSchedulesRead (5.2), as an XmlNode in the sr namespace.
         */
        record NonDevice(String sr, String srv, XmlNode message) implements Content {
        }

        /**
         * 9.1's answer (CINMessage): the ESME's answer to ECS50 and the Customer Identification Number the DCC put on
         * its display, four digits.
         */
        record Cin(String sr, String srv, byte[] payload, String customerIdentificationNumber) implements WithPayload {
            public Cin {
                payload = payload.clone();
            }

            @Override
            public byte[] payload() {
                return payload.clone();
            }
        }

        /** A device's answer to a request the DSP ran on a schedule (DSPScheduledMessage). */
        record Scheduled(String sr, String srv, byte[] payload, long scheduleId) implements WithPayload {
            public Scheduled {
                payload = payload.clone();
            }

            @Override
            public byte[] payload() {
                return payload.clone();
            }
        }

        /** A device alert (DeviceAlertMessage). */
        record DeviceAlert(int alertCode, byte[] payload) implements WithPayload {
            public DeviceAlert {
                payload = payload.clone();
            }

            @Override
            public byte[] payload() {
                return payload.clone();
            }
        }
    }

    /** The SRV answered, or null for an alert. */
    public String srv() {
        if (content instanceof Content.Empty e) {
            return e.srv();
        } else if (content instanceof Content.PreCommand p) {
            return p.srv();
        } else if (content instanceof Content.GbcsPayload g) {
            return g.srv();
        } else if (content instanceof Content.NonDevice n) {
            return n.srv();
        } else if (content instanceof Content.Scheduled x) {
            return x.srv();
        } else if (content instanceof Content.Cin c) {
            return c.srv();
        }
        return null;
    }

    /** The alert code as four hex digits (8F86), if this is a device alert. */
    public Optional<String> alertCode() {
        return content instanceof Content.DeviceAlert a ? Optional.of(alertCodeHex(a.alertCode())) : Optional.empty();
    }

    public boolean isAlert() {
        return content instanceof Content.DeviceAlert;
    }

    /** The unsigned Response document as a DOM. */
    public Document toDocument() {
        return toXml().toDocument();
    }

    /** The unsigned Response document, as dccsim writes and signs it. */
    public OutgoingDocument toXml() {
        java.util.List<XmlNode> header = new java.util.ArrayList<>();
        if (requestId != null) {
            header.add(XmlNode.leaf("RequestID", requestId));
        }
        if (responseId != null) {
            header.add(XmlNode.leaf("ResponseID", responseId));
        }
        header.add(XmlNode.leaf("ResponseCode", code));
        header.add(XmlNode.leaf("ResponseDateTime", DateTimeFormatter.ISO_INSTANT.format(dateTime.truncatedTo(ChronoUnit.MILLIS))));
        Base64.Encoder b64 = Base64.getEncoder();
        XmlNode message;
        if (content instanceof Content.DeviceAlert a) {
            message = XmlNode.element("DeviceAlertMessage", XmlNode.leaf("AlertCode", alertCodeHex(a.alertCode())),
                    XmlNode.leaf("GBCSPayload", b64.encodeToString(a.payload)));
        } else if (content instanceof Content.PreCommand p) {
            message = XmlNode.element("ResponseMessage", XmlNode.leaf("ServiceReference", p.sr()),
                    XmlNode.leaf("ServiceReferenceVariant", p.srv()), XmlNode.element("PreCommand",
                            XmlNode.leaf("GBCSVersion", GBCS_VERSION), XmlNode.leaf("GBCSPayload", b64.encodeToString(p.payload))));
        } else if (content instanceof Content.GbcsPayload g) {
            message = XmlNode.element("ResponseMessage", XmlNode.leaf("ServiceReference", g.sr()),
                    XmlNode.leaf("ServiceReferenceVariant", g.srv()), XmlNode.leaf("GBCSPayload", b64.encodeToString(g.payload)));
        } else if (content instanceof Content.NonDevice n) {
            message = XmlNode.element("ResponseMessage", XmlNode.leaf("ServiceReference", n.sr()),
                    XmlNode.leaf("ServiceReferenceVariant", n.srv()), n.message());
        } else if (content instanceof Content.Cin c) {
            message = XmlNode.element("ResponseMessage", XmlNode.leaf("ServiceReference", c.sr()),
                    XmlNode.leaf("ServiceReferenceVariant", c.srv()), XmlNode.element("CINMessage",
                            XmlNode.leaf("GBCSPayload", b64.encodeToString(c.payload)),
                            XmlNode.leaf("CustomerIdentificationNumber", c.customerIdentificationNumber())));
        } else if (content instanceof Content.Scheduled x) {
            message = XmlNode.element("ResponseMessage", XmlNode.leaf("ServiceReference", x.sr()),
                    XmlNode.leaf("ServiceReferenceVariant", x.srv()), XmlNode.element("DSPScheduledMessage",
                            XmlNode.leaf("GBCSPayload", b64.encodeToString(x.payload)),
                            XmlNode.leaf("DSPScheduleID", Long.toString(x.scheduleId()))));
        } else {
            Content.Empty e = (Content.Empty) content;
            message = XmlNode.element("ResponseMessage", XmlNode.leaf("ServiceReference", e.sr()),
                    XmlNode.leaf("ServiceReferenceVariant", e.srv()));
        }
        return new OutgoingDocument("sr", DuisDocuments.DUIS_NS, XmlNode.element("Response",
                XmlNode.element("Header", header), XmlNode.element("Body", message))
                .withAttribute("schemaVersion", ServiceRequest.SCHEMA_VERSION));
    }

    /** Reads a (parsed; its signature checked by the caller) Response document. */
    public static DuisResponse read(Document d) throws DuisException {
        Element root = d.getDocumentElement();
        if (!DuisDocuments.DUIS_NS.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            throw new DuisException(DuisCodes.E12, "the root element is not a DUIS sr:Response");
        }
        List<Element> parts = ServiceRequest.elements(root);
        if (parts.size() < 2) {
            throw new DuisException(DuisCodes.E12, "sr:Response must hold sr:Header and sr:Body");
        }
        XmlNode header = XmlNode.of(parts.get(0));
        XmlNode body = XmlNode.of(parts.get(1));
        Instant at;
        try {
            at = XsDateTime.parseInstant(header.text("ResponseDateTime"));
        } catch (DateTimeParseException e) {
            throw new DuisException(DuisCodes.E12, "ResponseDateTime is not an instant");
        }
        String requestId = header.child("RequestID").map(XmlNode::text).orElse(null);
        String responseId = header.child("ResponseID").map(XmlNode::text).orElse(null);
        String code = header.text("ResponseCode");
        if (body.children().size() != 1) {
            throw new DuisException(DuisCodes.E12, "sr:Body must hold one message");
        }
        XmlNode m = body.children().get(0);
        Content content;
        if (m.name().equals("DeviceAlertMessage")) {
            int alert;
            try {
                alert = Integer.parseInt(m.text("AlertCode"), 16);
            } catch (NumberFormatException e) {
                throw new DuisException(DuisCodes.E12, "AlertCode is not hex");
            }
            content = new Content.DeviceAlert(alert, base64(m.text("GBCSPayload")));
        } else if (m.name().equals("ResponseMessage")) {
            String sr = m.text("ServiceReference");
            String srv = m.text("ServiceReferenceVariant");
            Optional<XmlNode> pre = m.child("PreCommand");
            Optional<XmlNode> payload = m.child("GBCSPayload");
            Optional<XmlNode> scheduled = m.child("DSPScheduledMessage");
            Optional<XmlNode> cin = m.child("CINMessage");
            if (pre.isPresent()) {
                content = new Content.PreCommand(sr, srv, base64(pre.get().text("GBCSPayload")));
            } else if (payload.isPresent()) {
                content = new Content.GbcsPayload(sr, srv, base64(payload.get().text()));
            } else if (cin.isPresent()) {
                String digits = cin.get().text("CustomerIdentificationNumber");
                if (digits == null || !fourDigits(digits.trim())) {
                    throw new DuisException(DuisCodes.E12, "CustomerIdentificationNumber must be four digits");
                }
                content = new Content.Cin(sr, srv, base64(cin.get().text("GBCSPayload")), digits.trim());
            } else if (scheduled.isPresent()) {
                long id;
                try {
                    id = Long.parseLong(scheduled.get().text("DSPScheduleID").trim());
                } catch (NumberFormatException e) {
                    throw new DuisException(DuisCodes.E12, "DSPScheduleID is not a number");
                }
                content = new Content.Scheduled(sr, srv, base64(scheduled.get().text("GBCSPayload")), id);
            } else if (m.children().size() > 2) {
                content = new Content.NonDevice(sr, srv, m.children().get(2));
            } else {
                content = new Content.Empty(sr, srv);
            }
        } else {
            throw new DuisException(DuisCodes.E12, "dccsim does not read a " + m.name() + " yet");
        }
        return new DuisResponse(requestId, responseId, code, at, content);
    }

    private static byte[] base64(String text) throws DuisException {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new DuisException(DuisCodes.E12, "GBCSPayload is not base64");
        }
    }

    /** An alert code as DUIS writes it (AlertCode): four upper-case hex digits, as {@code %04X} would, without a Formatter. */
    public static String alertCodeHex(int code) {
        String hex = Integer.toHexString(code).toUpperCase(java.util.Locale.ROOT);
        return hex.length() >= 4 ? hex : "0000".substring(hex.length()) + hex;
    }

    private static boolean fourDigits(String s) {
        if (s.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}

package org.dccsim.headend.server;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.dccsim.headend.gateway.HeadEnd;

/**
 * One log line per request, answer and alert, on the logger {@value #NAME}: accepted requests and answers at INFO,
 * refusals and refused alerts at WARNING with their reason (the user only sees the DUIS code). For example:
 *
 * <pre>
 * request  7.16   from 90B3D51F30010008 to 00DB1234567890A6 cv4 I0    3 ms
 * request  4.8.1  from 00DB123456780004 to 00DB1234567890A6 cv1 E4    1 ms  (00DB123456780004 is not OTHER_USER of ...)
 * answer   7.16   to   90B3D51F30010008 from 00DB1234567890A6 I0   41 ms  90-B3-...:00-DB-...:1764688983000
 * alert    8F86   to   90B3D51F30010008 from 00DB1234567890A6
 * </pre>
 */
public final class RequestLog implements HeadEnd.Observer {
    public static final String NAME = "dccsim.headend.requests";
    private static final Logger LOG = Logger.getLogger(NAME);

    @Override
    public void request(HeadEnd.RequestEvent e) {
        boolean ok = e.code() != null && e.code().startsWith("I");
        Level level = ok ? Level.INFO : Level.WARNING;
        if (!LOG.isLoggable(level)) {
            return;
        }
        LOG.log(level, String.format("request  %-6s from %s to %s cv%d %-4s %4d ms%s%s", e.srv() == null ? "?" : e.srv(),
                e.user() == null ? "?" : e.user(), e.device() == null ? "?" : e.device(), e.commandVariant(), e.code(),
                e.micros() / 1000, e.reason() == null ? "" : "  (" + e.reason() + ")",
                e.client() == null ? "" : "  client " + e.client()));
    }

    @Override
    public void answer(HeadEnd.AnswerEvent e) {
        boolean ok = "I0".equals(e.code());
        Level level = ok ? Level.INFO : Level.WARNING;
        if (LOG.isLoggable(level)) {
            LOG.log(level, String.format("answer   %-6s to   %s from %s %-4s %4d ms  %s", e.srv(), e.user(), e.device(),
                    e.code(), e.millis(), e.requestId()));
        }
    }

    @Override
    public void alert(HeadEnd.AlertEvent e) {
        if (e.refusal() == null) {
            LOG.info(() -> String.format("alert    %-6s to   %s from %s", e.alertCode(), e.user(), e.device()));
        } else {
            LOG.warning(() -> String.format("alert    refused from %s: %s", e.device(), e.refusal()));
        }
    }
}

package org.dccsim.headend.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.dccsim.headend.gateway.HeadEnd;

/**
 * The head-end's metrics, in Prometheus text format at {@code GET /metrics} on the DUIS port: requests by web
 * service, SRV and DUIS code with their handling time, device answers by SRV and code with the time from dispatch,
 * alerts delivered and refused (by reason), and gauges for connected devices, pending commands, held messages,
 * waiting polls and requests held for their ExecutionDateTime.
 */
public final class HeadEndMetrics implements HeadEnd.Observer {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Adds a gauge read at each scrape. */
    public void gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).register(registry);
    }

    @Override
    public void request(HeadEnd.RequestEvent e) {
        Timer.builder("dccsim_duis_requests").description("DUIS requests by web service, SRV and response code")
                .tag("service", e.service()).tag("srv", e.srv() == null ? "unreadable" : e.srv())
                .tag("code", e.code() == null ? "none" : e.code())
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry)
                .record(Duration.ofNanos(e.micros() * 1000));
    }

    @Override
    public void answer(HeadEnd.AnswerEvent e) {
        Timer.builder("dccsim_device_answers").description("Device answers delivered, by SRV and code, from dispatch")
                .tag("srv", e.srv()).tag("code", e.code()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry)
                .record(Duration.ofMillis(e.millis()));
        // The head-end's own part of the way back, apart from the device's: what a DCC User's latency budget is
        // charged by the head-end once the answer is in (bench gb-day reports it next to the request handling time).
        Timer.builder("dccsim_answer_handling").description("Time from a device's answer to its DUIS response being ready")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry)
                .record(Duration.ofNanos(e.handlingMicros() * 1000));
    }

    @Override
    public void alert(HeadEnd.AlertEvent e) {
        if (e.refusal() == null) {
            Counter.builder("dccsim_alerts_delivered").description("Device alerts passed to users, by alert code")
                    .tag("alert", e.alertCode()).register(registry).increment();
        } else {
            Counter.builder("dccsim_alerts_refused").description("Device alerts the head-end refused, by reason")
                    .tag("reason", reasonClass(e.refusal())).register(registry).increment();
        }
    }

    /** A short, bounded label for a refusal (the full reason goes to the log). */
    static String reasonClass(String refusal) {
        String r = refusal.toLowerCase();
        if (r.contains("decode")) {
            return "undecodable";
        }
        if (r.contains("mac")) {
            return "mac";
        }
        if (r.contains("signature")) {
            return "signature";
        }
        if (r.contains("counter") || r.contains("replay")) {
            return "replay";
        }
        if (r.contains("user")) {
            return "unknown_user";
        }
        return "other";
    }

    public String scrape() {
        return registry.scrape();
    }
}

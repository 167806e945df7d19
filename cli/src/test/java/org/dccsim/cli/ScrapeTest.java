package org.dccsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScrapeTest {
    private static final String FIRST = """
            # HELP dccsim_devices_connected Devices registered on the WAN
            # TYPE dccsim_devices_connected gauge
            dccsim_devices_connected 150.0
            dccsim_duis_requests_seconds_bucket{code="I99",service="serviceS",srv="4.1.1",le="0.001"} 10.0
            dccsim_duis_requests_seconds_bucket{code="I99",service="serviceS",srv="4.1.1",le="0.002"} 30.0
            dccsim_duis_requests_seconds_bucket{code="I99",service="serviceS",srv="4.1.1",le="+Inf"} 40.0
            dccsim_duis_requests_seconds_bucket{code="I0",service="serviceT",srv="7.16",le="0.001"} 0.0
            dccsim_duis_requests_seconds_bucket{code="I0",service="serviceT",srv="7.16",le="0.002"} 10.0
            dccsim_duis_requests_seconds_bucket{code="I0",service="serviceT",srv="7.16",le="+Inf"} 10.0
            dccsim_duis_requests_seconds_count{code="I0",service="serviceT",srv="7.16"} 10.0
            """;

    @Test
    void value_gaugeIsRead() {
        assertThat(Scrape.of(FIRST).value("dccsim_devices_connected")).isEqualTo(150.0);
        assertThat(Scrape.of(FIRST).value("dccsim_absent")).isNull();
    }

    @Test
    void histogram_bucketsAreSummedOverLabels() {
        Scrape.Histogram h = Scrape.of(FIRST).histogram("dccsim_duis_requests_seconds");
        assertThat(h.count()).isEqualTo(50);
        // Rank 25 of 50: 10 below 1 ms, 40 by 2 ms, so 15/30 of the way through the (1 ms, 2 ms] bucket.
        assertThat(h.quantile(0.5)).isCloseTo(0.0015, within(1e-9));
        // Rank 49.5 falls in +Inf: the highest finite bound is all a histogram can say.
        assertThat(h.quantile(0.99)).isCloseTo(0.002, within(1e-9));
    }

    @Test
    void minus_leavesWhatHappenedBetweenTwoScrapes() {
        String later = FIRST.replace("le=\"0.001\"} 10.0", "le=\"0.001\"} 110.0").replace("le=\"0.002\"} 30.0",
                "le=\"0.002\"} 130.0").replace("le=\"+Inf\"} 40.0", "le=\"+Inf\"} 140.0");
        Scrape.Histogram between = Scrape.of(later).histogram("dccsim_duis_requests_seconds")
                .minus(Scrape.of(FIRST).histogram("dccsim_duis_requests_seconds"));
        assertThat(between.count()).isEqualTo(100);
        assertThat(between.quantile(0.5)).isCloseTo(0.0005, within(1e-9));
    }

    @Test
    void histogram_absentOrGarbled_isEmptyNotAnError() {
        Scrape s = Scrape.of("garbage line\nx_bucket{le=\"oops\"} 1\n\n");
        assertThat(s.histogram("dccsim_duis_requests_seconds").count()).isZero();
        assertThat(Double.isNaN(s.histogram("nothing").quantile(0.5))).isTrue();
    }
}

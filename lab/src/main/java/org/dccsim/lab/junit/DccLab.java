package org.dccsim.lab.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a whole DCC in the test's JVM for the test class: a lab made afresh in a temporary directory (test PKI, users,
 * fleet), its head-end and fleet on free loopback ports, on a manual clock starting at {@link #start}. Test methods
 * (and {@code @BeforeAll}/{@code @BeforeEach} ones) take what they need as parameters: {@code EmbeddedDcc} (users'
 * profiles and DUIS clients, the devices' state), {@code Lab}, {@code ManualClock}.
 *
 * <pre>{@code
 * @DccLab(sites = 2, vlps = 1, mix = "HEAT_PUMP=1")
 * class MyAdapterTest {
 *     @Test
 *     void limitsAHeatPump(EmbeddedDcc dcc, ManualClock clock) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(DccExtension.class)
public @interface DccLab {
    /** Sites, each a boundary ESME and its SAPCs. */
    int sites() default 2;

    int sapcsPerSite() default 1;

    /** Asset types and shares, e.g. "BATTERY=0.5,HEAT_PUMP=0.5"; empty for the default mix. */
    String mix() default "";

    /** VLPs (vlp1...), each a Load Controller and Other User. */
    int vlps() default 1;

    long seed() default 42;

    /** Where the manual clock starts. */
    String start() default "2026-06-01T12:00:00Z";

    /** When the meters' registers start counting. */
    String epoch() default "2026-06-01T00:00:00Z";
}

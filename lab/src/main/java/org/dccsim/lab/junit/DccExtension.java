package org.dccsim.lab.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.dccsim.clock.ManualClock;
import org.dccsim.clock.SimClock;
import org.dccsim.lab.EmbeddedDcc;
import org.dccsim.lab.Lab;
import org.dccsim.lab.LabInit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 side of {@link DccLab}: makes the lab and starts the embedded DCC before the class's tests, resolves
 * {@link EmbeddedDcc}, {@link Lab}, {@link ManualClock} and {@link SimClock} parameters, and stops everything (and
 * deletes the lab) after them.
 */
public final class DccExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DccExtension.class);

    /** What the extension keeps per test class. */
    private record Running(Path dir, Lab lab, ManualClock clock, EmbeddedDcc dcc) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            dcc.close();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        DccLab spec = context.getRequiredTestClass().getAnnotation(DccLab.class);
        if (spec == null) {
            throw new IllegalStateException("annotate the test class with @DccLab");
        }
        Path dir = Files.createTempDirectory("dccsim-lab-");
        Lab lab = LabInit.write(dir.resolve("lab"), new LabInit.Choices(spec.sites(), spec.sapcsPerSite(),
                spec.mix().isBlank() ? null : LabInit.mix(spec.mix()), spec.vlps(), spec.seed(), 8079, 8179,
                Instant.parse(spec.epoch())));
        ManualClock clock = new ManualClock(Instant.parse(spec.start()));
        EmbeddedDcc dcc = EmbeddedDcc.builder().lab(lab).clock(clock).deviceTimeout(Duration.ofSeconds(10)).start()
                .awaitDevices(Duration.ofSeconds(30));
        context.getStore(NS).put(Running.class, new Running(dir, lab, clock, dcc));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Running r = context.getStore(NS).remove(Running.class, Running.class);
        if (r != null) {
            r.close();
        }
    }

    private static Running running(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Running r = c.getStore(NS).get(Running.class, Running.class);
            if (r != null) {
                return r;
            }
        }
        throw new ParameterResolutionException("no DCC is running: annotate the test class with @DccLab");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> t = parameter.getParameter().getType();
        return t == EmbeddedDcc.class || t == Lab.class || t == ManualClock.class || t == SimClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running r = running(context);
        Class<?> t = parameter.getParameter().getType();
        if (t == EmbeddedDcc.class) {
            return r.dcc();
        }
        if (t == Lab.class) {
            return r.lab();
        }
        return r.clock();
    }
}

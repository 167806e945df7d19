package org.dccsim.device.model;

/**
 * Signed power through a meter, in watts, for one minute of simulated time: export (generation) positive,
 * import (demand) negative (DESIGN section 4). Minutes count from the Unix epoch, so every meter of a site
 * slices time the same way and {@code primary = boundary - sum(assets)} holds minute by minute.
 */
@FunctionalInterface
public interface PowerFlow {
    long powerW(long minute);
}

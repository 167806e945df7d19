package org.dccsim.device.cosem;

import java.time.Instant;
import org.dccsim.device.model.Meter;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;

/** What shared objects read from the device that executes them (objects keep no per-device state of their own). */
public interface MeteringState {
    Eui64 eui();

    /** The device's clock, with any injected skew. */
    Instant deviceTime();

    void clearClockSkew();

    Meter meter();

    GbcsSecurity security();

    /** The value a protected read returns for the listed object, or null when there is none. */
    Data protectedRead(int classId, ObisCode obis, int attribute, Instant from, Instant to, Invocation inv);

    /**
     * Makes a passive table active: attribute 2 of the passive object becomes attribute 2 of the active one, in this
     * device's own copy. False when either object is missing.
     */
    boolean activateTable(int classId, ObisCode passive, ObisCode active);

    /**
     * Makes a passive account (class 111) the active one: its payment mode, now active, and its credit-charge
     * configuration, in this device's own copy ({@link AccountObject}). False when either account is missing.
     */
    boolean activateAccount(ObisCode passive, ObisCode active);
}

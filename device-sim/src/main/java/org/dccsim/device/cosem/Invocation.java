package org.dccsim.device.cosem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.DeviceAlert;

/**
 * One command being executed: when, from whom, and what it left to do afterwards. Values set through
 * staging attributes (limit and setting periods) are held here until the script that uses them runs, so a
 * command that fails part-way leaves them unchanged.
 */
public final class Invocation {
    private final Instant now;
    private final GeneralSigningApdu command;
    private final Object device;
    private final Map<Long, Data> staged = new HashMap<>();
    private final List<DeviceAlert> alerts = new ArrayList<>();
    private final List<Runnable> onSuccess = new ArrayList<>();
    private final List<Deferred> deferred = new ArrayList<>();

    /** Work an object asks to run at a later simulated time; its alerts go to the command's originator. */
    public record Deferred(Instant at, java.util.function.Function<Instant, List<DeviceAlert>> work) {
    }

    public Invocation(Instant now, GeneralSigningApdu command, Object device) {
        this(now, command, device, command.otherInformation(), null);
    }

    /**
     * @param responseOtherInformation the other-information the response will carry (for an Unknown Remote Party
     *                                 read, the command's without the certificate, plus the device's counter)
     * @param urpKey                   the Unknown Remote Party's key-agreement key from the command, or null
     */
    public Invocation(Instant now, GeneralSigningApdu command, Object device,
            org.dccsim.gbcs.frame.OtherInformation responseOtherInformation, org.dccsim.gbcs.crypto.EcKeys.PublicKey urpKey) {
        this.now = now;
        this.command = command;
        this.device = device;
        this.responseOtherInformation = responseOtherInformation;
        this.urpKey = urpKey;
    }

    private final org.dccsim.gbcs.frame.OtherInformation responseOtherInformation;
    private final org.dccsim.gbcs.crypto.EcKeys.PublicKey urpKey;

    public org.dccsim.gbcs.frame.OtherInformation responseOtherInformation() {
        return responseOtherInformation;
    }

    /** The key-agreement key of the Unknown Remote Party a protected read is for, or null for a known party. */
    public org.dccsim.gbcs.crypto.EcKeys.PublicKey urpKey() {
        return urpKey;
    }

    /** The device executing the command; shared objects keep their state there. */
    @SuppressWarnings("unchecked")
    public <D> D device() {
        return (D) device;
    }

    public Instant now() {
        return now;
    }

    public GeneralSigningApdu command() {
        return command;
    }

    public void stage(long key, Data value) {
        staged.put(key, value);
    }

    public Data staged(long key) {
        return staged.get(key);
    }

    /** An alert to send to the command's originator once the response has gone. */
    public void raise(DeviceAlert alert) {
        alerts.add(alert);
    }

    public List<DeviceAlert> alerts() {
        return alerts;
    }

    /** Work to do only if every item of the command succeeded. */
    public void onSuccess(Runnable r) {
        onSuccess.add(r);
    }

    public List<Runnable> successActions() {
        return onSuccess;
    }

    /** Schedules work once the command has succeeded (future-dated activations). */
    public void defer(Instant at, java.util.function.Function<Instant, List<DeviceAlert>> work) {
        deferred.add(new Deferred(at, work));
    }

    public List<Deferred> deferred() {
        return deferred;
    }
}

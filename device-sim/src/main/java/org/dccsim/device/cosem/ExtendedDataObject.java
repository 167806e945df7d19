package org.dccsim.device.cosem;

import java.time.Instant;
import java.util.List;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.DeviceAlert;

/**
 * GBCS Extended Data (class 9000): value_active (2), value_passive (4) and activate_passive_value_time (6).
 * Setting the activation time to NOW copies the passive value in; to a later date schedules that copy and
 * then alert 8F66 (or 8F67 if it could not be done) to the command's originator, naming the command and this
 * item; to NEVER cancels a pending activation (GBCS-NOTES c.6, RTDS ECS28a/ECS46c/d).
 */
public final class ExtendedDataObject extends CatalogueObject {
    public static final int CLASS_ID = 9000;
    private Instant pendingAt;

    public ExtendedDataObject(ObjectCatalogue.Entry entry) {
        super(entry);
        // The use-case tables list the active and passive values under different use cases; hold both.
        if (value(2) == null && value(4) != null) {
            with(2, value(4));
        } else if (value(4) == null && value(2) != null) {
            with(4, value(2));
        }
        if (value(6) == null) {
            with(6, Data.octets(CosemDateTime.NEVER.toBytes()));
        }
    }

    @Override
    public synchronized AccessResult set(int attribute, Data value, Invocation inv) {
        if (attribute != 6) {
            return super.set(attribute, value, inv);
        }
        if (!(value instanceof Data.OctetString s) || s.length() != CosemDateTime.LENGTH) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        CosemDateTime when;
        try {
            when = CosemDateTime.of(s.value());
        } catch (GbcsDecodeException e) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        AccessResult stored = super.set(attribute, value, inv);
        if (!stored.success()) {
            return stored;
        }
        if (when.isNever()) {
            inv.onSuccess(() -> cancel());
            return AccessResult.OK;
        }
        Instant at = when.isNow() ? inv.now() : when.toInstant().orElse(null);
        if (at == null) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        if (!at.isAfter(inv.now())) {
            inv.onSuccess(this::activate);
            return AccessResult.OK;
        }
        GeneralSigningApdu cmd = inv.command();
        CosemAttribute item = new CosemAttribute(classId(), obis(), 6);
        inv.onSuccess(() -> pending(at));
        inv.defer(at, t -> {
            if (!t.equals(pendingAt())) {
                return List.of(); // cancelled or replaced since
            }
            boolean ok = activate();
            return List.of(new DeviceAlert.FutureDatedExecution(ok, CosemDateTime.ofInstant(t), cmd.messageCode(),
                    cmd.originatorCounter(), item));
        });
        return AccessResult.OK;
    }

    @Override
    protected AttributeStore newInstance() {
        return new ExtendedDataObject(entry());
    }

    private synchronized void pending(Instant at) {
        pendingAt = at;
    }

    private synchronized Instant pendingAt() {
        return pendingAt;
    }

    private synchronized void cancel() {
        pendingAt = null;
    }

    /** Copies value_passive to value_active; false if either is missing or their types differ. */
    private synchronized boolean activate() {
        pendingAt = null;
        Data passive = value(4);
        Data active = value(2);
        if (passive == null || active == null || passive.tag() != active.tag()) {
            return false;
        }
        with(2, passive);
        return true;
    }
}

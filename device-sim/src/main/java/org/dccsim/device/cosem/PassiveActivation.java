package org.dccsim.device.cosem;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.frame.GeneralSigningApdu;
import org.dccsim.gbcs.usecase.DeviceAlert;

/**
 * GBCS's device future dating of a passive value (GBCS-NOTES c.6): writing an activation time of NOW makes the passive
 * value the active one when the command succeeds; a later time schedules that and then alert 8F66 (8F67 if it could
 * not be done) to the command's originator, naming the command and the activation time's item; NEVER cancels a
 * pending activation. Extended Data's activate_passive_value_time and a charge's unit_charge_activation_time both
 * work so (RTDS ECS28a, ECS46c/d, ECS01b/d). One per object; the object's own lock guards it.
 */
final class PassiveActivation {
    private Instant pendingAt;

    /**
     * Handles a write of the activation time {@code value} (attribute {@code item}); {@code activate} makes the
     * passive value active and says whether it could. The caller stores the time itself once this succeeds.
     */
    AccessResult schedule(Data value, Invocation inv, CosemAttribute item, BooleanSupplier activate) {
        if (!(value instanceof Data.OctetString s) || s.length() != CosemDateTime.LENGTH) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        CosemDateTime when;
        try {
            when = CosemDateTime.of(s.value());
        } catch (GbcsDecodeException e) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        if (when.isNever()) {
            inv.onSuccess(this::cancel);
            return AccessResult.OK;
        }
        Instant at = when.isNow() ? inv.now() : when.toInstant().orElse(null);
        if (at == null) {
            return AccessResult.fail(DataAccessResult.OTHER_REASON);
        }
        if (!at.isAfter(inv.now())) {
            inv.onSuccess(() -> {
                cancel();
                activate.getAsBoolean();
            });
            return AccessResult.OK;
        }
        GeneralSigningApdu cmd = inv.command();
        inv.onSuccess(() -> pending(at));
        inv.defer(at, t -> {
            if (!t.equals(pendingAt())) {
                return List.of(); // cancelled or replaced since
            }
            cancel();
            boolean ok = activate.getAsBoolean();
            return List.of(new DeviceAlert.FutureDatedExecution(ok, CosemDateTime.ofInstant(t), cmd.messageCode(),
                    cmd.originatorCounter(), item));
        });
        return AccessResult.OK;
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
}

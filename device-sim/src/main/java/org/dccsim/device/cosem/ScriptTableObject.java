package org.dccsim.device.cosem;

import java.util.function.BiFunction;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.ObisCode;
import org.dccsim.gbcs.usecase.GbcsObjects;

/**
 * A script table (class 9) whose execute method (1) takes a long-unsigned script selector; GBCS packs a
 * controller and a commanded state into it for the supply, auxiliary controller and APC limit scripts.
 */
public final class ScriptTableObject implements CosemObject {
    private final ObisCode obis;
    private final BiFunction<Integer, Invocation, AccessResult> execute;

    public ScriptTableObject(ObisCode obis, BiFunction<Integer, Invocation, AccessResult> execute) {
        this.obis = obis;
        this.execute = execute;
    }

    @Override
    public int classId() {
        return GbcsObjects.CLASS_SCRIPT_TABLE;
    }

    @Override
    public ObisCode obis() {
        return obis;
    }

    @Override
    public AccessResult action(int method, Data parameter, Invocation inv) {
        if (method != 1) {
            return AccessResult.fail(DataAccessResult.OBJECT_UNAVAILABLE);
        }
        if (!(parameter instanceof Data.LongUnsigned selector)) {
            return AccessResult.fail(DataAccessResult.TYPE_UNMATCHED);
        }
        return execute.apply(selector.value(), inv);
    }
}

package org.dccsim.device.cosem;

import org.dccsim.gbcs.dlms.Data;

/** The outcome of one access-request item: a result code and, for successful reads and actions, data. */
public record AccessResult(int result, Data data) {
    public static final AccessResult OK = new AccessResult(DataAccessResult.SUCCESS, Data.NULL);

    public static AccessResult ok(Data data) {
        return new AccessResult(DataAccessResult.SUCCESS, data);
    }

    public static AccessResult fail(int result) {
        return new AccessResult(result, Data.NULL);
    }

    public boolean success() {
        return result == DataAccessResult.SUCCESS;
    }
}

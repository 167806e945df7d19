package org.dccsim.gbcs.dlms;

import java.util.Objects;

/**
 * One item of an xDLMS access-request (DLMS Green Book 9.3.x, the ACCESS service GBCS uses): get, set, action,
 * or get/set with selective access.
 */
public sealed interface AccessRequestSpecification {
    int GET = 1;
    int SET = 2;
    int ACTION = 3;
    int GET_WITH_SELECTION = 4;
    int SET_WITH_SELECTION = 5;

    /** The CHOICE value on the wire. */
    int choice();

    /** The attribute, or for an action the method, this item addresses. */
    CosemAttribute target();

    record Get(CosemAttribute target) implements AccessRequestSpecification {
        public Get {
            Objects.requireNonNull(target);
        }

        public int choice() {
            return GET;
        }
    }

    record Set(CosemAttribute target) implements AccessRequestSpecification {
        public Set {
            Objects.requireNonNull(target);
        }

        public int choice() {
            return SET;
        }
    }

    record Action(CosemAttribute target) implements AccessRequestSpecification {
        public Action {
            Objects.requireNonNull(target);
        }

        public int choice() {
            return ACTION;
        }
    }

    /** Selective access, e.g. selector 1 (range_descriptor) on a profile generic's buffer. */
    record GetWithSelection(CosemAttribute target, int selector, Data parameters) implements AccessRequestSpecification {
        public GetWithSelection {
            Objects.requireNonNull(target);
            Objects.requireNonNull(parameters);
        }

        public int choice() {
            return GET_WITH_SELECTION;
        }
    }

    record SetWithSelection(CosemAttribute target, int selector, Data parameters) implements AccessRequestSpecification {
        public SetWithSelection {
            Objects.requireNonNull(target);
            Objects.requireNonNull(parameters);
        }

        public int choice() {
            return SET_WITH_SELECTION;
        }
    }
}

package org.dccsim.gbcs.usecase;

import java.util.ArrayList;
import java.util.List;
import org.dccsim.gbcs.dlms.AccessRequestSpecification;
import org.dccsim.gbcs.dlms.CosemAttribute;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.dlms.XdlmsApdu;

/** The items of an access-request: one specification and one data value each. */
public record DlmsItems(List<AccessRequestSpecification> specifications, List<Data> data) {
    public DlmsItems {
        specifications = List.copyOf(specifications);
        data = List.copyOf(data);
        if (specifications.size() != data.size()) {
            throw new IllegalArgumentException("one data value per specification");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public XdlmsApdu.AccessRequest toRequest(long counter) {
        return new XdlmsApdu.AccessRequest(XdlmsApdu.gbcsInvokeIdAndPriority(counter), specifications, data);
    }

    public static DlmsItems of(XdlmsApdu.AccessRequest request) {
        return new DlmsItems(request.specifications(), request.data());
    }

    public int size() {
        return specifications.size();
    }

    /** Collects items in order. */
    public static final class Builder {
        private final List<AccessRequestSpecification> specs = new ArrayList<>();
        private final List<Data> data = new ArrayList<>();

        public Builder get(CosemAttribute a) {
            specs.add(new AccessRequestSpecification.Get(a));
            data.add(Data.NULL);
            return this;
        }

        public Builder set(CosemAttribute a, Data value) {
            specs.add(new AccessRequestSpecification.Set(a));
            data.add(value);
            return this;
        }

        public Builder action(CosemAttribute method, Data parameter) {
            specs.add(new AccessRequestSpecification.Action(method));
            data.add(parameter);
            return this;
        }

        public Builder getWithSelection(CosemAttribute a, int selector, Data parameters) {
            specs.add(new AccessRequestSpecification.GetWithSelection(a, selector, parameters));
            data.add(Data.NULL);
            return this;
        }

        public DlmsItems build() {
            return new DlmsItems(specs, data);
        }
    }
}

package org.dccsim.srv;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dccsim.srv.bindings.AuxiliaryControlSrvs;
import org.dccsim.srv.bindings.ConfigurationSrvs;
import org.dccsim.srv.bindings.CredentialSrvs;
import org.dccsim.srv.bindings.CustomerSrvs;
import org.dccsim.srv.bindings.FirmwareSrvs;
import org.dccsim.srv.bindings.LifecycleSrvs;
import org.dccsim.srv.bindings.PrepaymentSrvs;
import org.dccsim.srv.bindings.ReadingSrvs;
import org.dccsim.srv.bindings.SubGhzSrvs;
import org.dccsim.srv.bindings.SupplySrvs;
import org.dccsim.srv.bindings.TariffSrvs;

/**
 * Every SRV dccsim supports, one {@link Srv} binding each, registered here as a table keyed by variant (as HiveMQ
 * registers one decoder per message type). Adding an SRV is one binding in its family class (by DUIS section, or by
 * what it acts on: PrepaymentSrvs, SubGhzSrvs) and its test; the transformer, the head-end's access control,
 * {@code dccsim sr} and the docs' SRV list all read this.
 */
public final class SrvCatalogue {
    private static final SrvCatalogue STANDARD = standardCatalogue();

    private final Map<String, Srv> byVariant;

    private SrvCatalogue(Map<String, Srv> byVariant) {
        this.byVariant = Map.copyOf(byVariant);
    }

    public static SrvCatalogue standard() {
        return STANDARD;
    }

    public Optional<Srv> get(String variant) {
        return Optional.ofNullable(variant == null ? null : byVariant.get(variant));
    }

    public boolean supports(String variant) {
        return variant != null && byVariant.containsKey(variant);
    }

    /** Every binding, in DUIS order (1.1.1 before 4.1.1 before 11.2). */
    public List<Srv> all() {
        return byVariant.values().stream().sorted(Comparator.comparing(Srv::variant, SrvCatalogue::compareVariants)).toList();
    }

    public int size() {
        return byVariant.size();
    }

    /** Orders "4.8.1" and "11.2" by their numbers, not as text. */
    public static int compareVariants(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Collects bindings; a variant registered twice is a programming error. */
    public static final class Builder {
        private final Map<String, Srv> byVariant = new LinkedHashMap<>();

        public Builder add(Srv srv) {
            if (byVariant.putIfAbsent(srv.variant(), srv) != null) {
                throw new IllegalStateException("SRV " + srv.variant() + " registered twice");
            }
            return this;
        }

        public SrvCatalogue build() {
            return new SrvCatalogue(byVariant);
        }
    }

    private static SrvCatalogue standardCatalogue() {
        Builder b = new Builder();
        TariffSrvs.register(b);
        PrepaymentSrvs.register(b);
        CustomerSrvs.register(b);
        ReadingSrvs.register(b);
        ConfigurationSrvs.register(b);
        CredentialSrvs.register(b);
        SupplySrvs.register(b);
        AuxiliaryControlSrvs.register(b);
        LifecycleSrvs.register(b);
        SubGhzSrvs.register(b);
        FirmwareSrvs.register(b);
        return b.build();
    }
}

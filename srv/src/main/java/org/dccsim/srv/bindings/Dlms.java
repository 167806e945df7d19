package org.dccsim.srv.bindings;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.gbcs.dlms.Data;
import org.dccsim.gbcs.usecase.DlmsItems;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.gbcs.usecase.UseCaseCommand;
import org.dccsim.gbcs.usecase.UseCaseItems;
import org.dccsim.srv.Srv;

/** Commands built from a use case's DLMS items as GBCS's table lists them (use-case-items.tsv). */
final class Dlms {
    private Dlms() {
    }

    static Srv.Command of(UseCaseCommand c) {
        return new Srv.Command.Dlms(c);
    }

    /** Gets of every item of a use case that only reads attributes, in the table's order. */
    static Srv.Reader reads() {
        return r -> of(UseCaseItems.attributeReads(r.useCase()).orElseThrow(() -> new DuisException(DuisCodes.E12,
                r.useCase() + " is not a plain attribute read in dccsim's table")));
    }

    /**
     * A read of the use case's table rows ({@link org.dccsim.gbcs.usecase.TableRead}), over the body's ReadLogPeriod when
     * {@code period}: gets, range reads of logs and protected reads, as GBCS's DLMS table lists them.
     */
    static Srv.Reader tableRead(boolean period) {
        return r -> {
            java.time.Instant[] p = period ? Fields.readLogPeriod(r.body()) : new java.time.Instant[2];
            return of(org.dccsim.gbcs.usecase.TableRead.of(r.useCase(), p[0], p[1]).orElseThrow(() -> new DuisException(
                    DuisCodes.E12, r.useCase() + " is not a plain read in dccsim's table")));
        };
    }

    /** A protected read of the one attribute the use case's table names (ECS17d, ECS17e). */
    static Srv.Reader protectedRead() {
        return r -> of(org.dccsim.gbcs.usecase.ProtectedRead.fromTable(r.useCase()).orElseThrow(() -> new DuisException(
                DuisCodes.E12, r.useCase() + " is not a single protected read in dccsim's table")));
    }

    /** A use case's items in the table's order, each with the value {@code value} gives; items without one are left out. */
    static SimpleCommands.AttributeAccess items(String uc, Function<UseCaseItems.Item, Optional<Data>> value)
            throws DuisException {
        return new SimpleCommands.AttributeAccess(uc, table(uc, value));
    }

    static DlmsItems table(String uc, Function<UseCaseItems.Item, Optional<Data>> value) throws DuisException {
        List<UseCaseItems.Item> table = UseCaseItems.of(uc);
        if (table.isEmpty()) {
            throw new DuisException(DuisCodes.E12, uc + " has no DLMS items in dccsim's table");
        }
        DlmsItems.Builder b = DlmsItems.builder();
        for (UseCaseItems.Item item : table) {
            Optional<Data> v = value.apply(item);
            if (v.isEmpty()) {
                continue;
            }
            if (item.method()) {
                b.action(item.target(), v.get());
            } else {
                b.set(item.target(), v.get());
            }
        }
        return b.build();
    }
}

package org.dccsim.srv.bindings;

import static org.dccsim.srv.bindings.Roles.N;
import static org.dccsim.srv.bindings.Roles.O;
import static org.dccsim.srv.bindings.Roles.S;

import java.time.Instant;
import java.util.HexFormat;
import org.dccsim.duis.DuisCodes;
import org.dccsim.duis.DuisException;
import org.dccsim.gbcs.usecase.FirmwareActivation;
import org.dccsim.gbcs.usecase.SimpleCommands;
import org.dccsim.srv.Srv;
import org.dccsim.srv.SrvCatalogue;

/**
 * DUIS section 11, firmware: reading the version any party may (11.2); activating an image the device holds (11.3,
 * CS06, critical, future dated by the device). Distributing images (11.1, the DSP's) is not built: docs/headend.md
 * says what a simulated device holds instead.
 */
public final class FirmwareSrvs {
    private FirmwareSrvs() {
    }

    public static void register(SrvCatalogue.Builder c) {
        c.add(Srv.of("11.2", "Read Firmware Version").body("ReadFirmwareVersion").useCases("ECS52").roles(S, N, O)
                .futureDating(Srv.FutureDating.DCC).reader(r -> Dlms.of(new SimpleCommands.ReadFirmwareVersion())));
        // CS06 carries the image's hash, the command's counter and, future dated, the time (the year 3000 or later
        // cancels: 9999-12-31T23:59:59Z, as DCC's cancellation has it).
        c.add(Srv.of("11.3", "Activate Firmware").body("ActivateFirmware").useCases("CS06").roles(S)
                .futureDating(Srv.FutureDating.DEVICE).reader(r -> {
                    String hex = r.body().text("FirmwareHash");
                    if (hex == null || !hex.trim().matches("[0-9A-Fa-f]{64}")) {
                        throw new DuisException(DuisCodes.E12, "FirmwareHash must be 32 octets in hex");
                    }
                    Instant at = Fields.executionDateTime(r.body())
                            .map(t -> t.isBefore(Fields.CANCEL_FROM) ? t : FirmwareActivation.CANCEL).orElse(null);
                    return new Srv.Command.Asn1(FirmwareActivation.CS06, FirmwareActivation.encode(new FirmwareActivation.Command(
                            HexFormat.of().parseHex(hex.trim()), r.serviceRequest().requestId().counter(), at)));
                }));
    }
}

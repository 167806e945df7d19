package org.dccsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dccsim.clock.ManualClock;
import org.dccsim.device.Device;
import org.dccsim.device.fleet.Fleet;
import org.dccsim.device.fleet.FleetSpec;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.crypto.DerivedKeyStore;
import org.dccsim.gbcs.crypto.EcKeys;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.InMemoryKeyStore;
import org.dccsim.gbcs.crypto.KeyUsage;
import org.dccsim.gbcs.crypto.LayeredKeyStore;
import org.dccsim.gbcs.dlms.CosemDateTime;
import org.dccsim.gbcs.frame.GbcsFrameEncoder;
import org.dccsim.gbcs.usecase.AuxiliaryController;
import org.dccsim.gbcs.usecase.CommandContext;
import org.dccsim.gbcs.usecase.LimitApcLevel;
import org.dccsim.gbcs.usecase.UseCaseCommands;

/**
 * How many simulated devices one JVM holds, and the heap each costs: builds a generated fleet of N devices
 * (half ESMEs, half SAPCs), measures retained heap after GC, then commands 1 % of the SAPCs with an APC limit
 * (which gives them state of their own) and measures again. Not a unit test; run it with a heap cap:
 *
 * <pre>java -Xmx2g -cp bench/target/benchmarks.jar org.dccsim.bench.DeviceMemoryBenchmark 100000</pre>
 */
public final class DeviceMemoryBenchmark {
    private DeviceMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sites = devices / 2;
        Eui64 acb = Eui64.parse("90B3D51F30000002");
        Eui64 lc = Eui64.parse("90B3D51F30010008");
        InMemoryKeyStore parties = new InMemoryKeyStore();
        for (Eui64 p : List.of(acb, lc)) {
            for (KeyUsage u : KeyUsage.values()) {
                parties.putPair(p, u, EcKeys.deterministic("bench/" + p + "/" + u.fileTag()));
            }
        }
        GbcsSecurity security = new GbcsSecurity(new LayeredKeyStore(parties,
                new DerivedKeyStore("bench-fleet", e -> (e.value() >>> 56) == 0x00)), acb);
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T12:00:00Z"));

        long before = usedAfterGc();
        long t0 = System.nanoTime();
        Fleet fleet = Fleet.build(new FleetSpec(Instant.parse("2026-06-01T00:00:00Z"), null, null,
                new FleetSpec.Generate(sites, 1, null, 42L, null, null), null), clock, security);
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        long idle = usedAfterGc() - before;
        int n = fleet.devices().size();
        System.out.printf("devices: %,d (%,d sites) built in %,d ms%n", n, sites, buildMs);
        System.out.printf("heap, idle fleet: %,d bytes = %,d bytes per device (max heap %,d MiB)%n", idle, idle / n,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));

        List<Device> sapcs = new ArrayList<>();
        for (Device d : fleet.devices()) {
            if (d.type() == org.dccsim.device.DeviceType.SAPC) {
                sapcs.add(d);
            }
        }
        int commanded = Math.max(1, sapcs.size() / 100);
        long counter = 1000;
        CosemDateTime start = CosemDateTime.ofInstant(clock.now());
        CosemDateTime end = CosemDateTime.ofInstant(clock.now().plus(Duration.ofHours(2)));
        for (int i = 0; i < commanded; i++) {
            Device d = sapcs.get(i * (sapcs.size() / commanded));
            byte[] cmd = GbcsFrameEncoder.encode(security.addMac(security.sign(UseCaseCommands.build(
                    new LimitApcLevel(AuxiliaryController.output(1), 30, start, end),
                    new CommandContext(lc, d.eui(), ++counter)))));
            if (d.receive(cmd).size() != 2) {
                throw new IllegalStateException("device " + d.eui() + " did not accept the limit");
            }
        }
        long afterCommands = usedAfterGc() - before;
        System.out.printf("heap after APC limits on %,d SAPCs: %,d bytes = %,d bytes per device%n", commanded,
                afterCommands, afterCommands / n);
        System.out.printf("projected devices in 2 GiB at this rate: %,d%n", (2L << 30) / Math.max(1, afterCommands / n));
        if (fleet.devices().isEmpty()) {
            throw new IllegalStateException("unreachable: keeps the fleet alive until the end");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}

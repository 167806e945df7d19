package org.dccsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dccsim.gbcs.Eui64;
import org.dccsim.gbcs.GbcsDecodeException;
import org.dccsim.gbcs.Hex;
import org.dccsim.gbcs.crypto.DirectoryKeyStore;
import org.dccsim.gbcs.crypto.GbcsSecurity;
import org.dccsim.gbcs.crypto.KeyStoreException;
import org.dccsim.gbcs.frame.GbcsFrameDecoder;
import org.dccsim.gbcs.inspect.Inspection;
import org.dccsim.gbcs.inspect.InspectionRenderer;
import org.dccsim.gbcs.inspect.MessageInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dccsim gbcs decode}: frame fields, use case, DLMS tree, and with keys the MAC, signature and plaintext. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode GBCS messages given as files (hex text, as in the RTDS, or raw bytes), directories "
                + "of .HEX files, or hex on the command line.",
        footer = ExitCodes.HELP + "%nExamples:%n"
                + "  dccsim gbcs decode --keys ../shared/rtds/keystore ECS22b_4.8.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX%n"
                + "  dccsim gbcs decode --json DF0901000000000000...%n")
final class GbcsDecodeCommand implements Callable<Integer> {
    /** Hex given on the command line is taken as such only when it is this long; shorter words are file names. */
    private static final int MIN_HEX_ARGUMENT = 16;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR|HEX", description = "Messages to decode.")
    List<String> inputs;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "Key directory in the RTDS layout (<eui>-ds|ka.pem|key) to check MACs and signatures and "
                    + "decrypt protected payloads.")
    Path keys;

    @Option(names = "--acb", paramLabel = "EUI", description = "Access Control Broker that MACs commands "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "90B3D51F30000002")
    String acb;

    @Option(names = "--json", description = "One JSON object per message, one per line.")
    boolean json;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "65536",
            description = "Refuse messages larger than this (default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Spec
    CommandSpec spec;

    private record Input(String name, byte[] bytes, String error) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GbcsSecurity security = null;
        if (keys != null) {
            if (!Files.isDirectory(keys)) {
                throw new UserError(ExitCodes.BAD_INPUT, "--keys " + keys + ": no such directory");
            }
            Eui64 acbEui;
            try {
                acbEui = Eui64.parse(acb);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.BAD_INPUT, "--acb: " + e.getMessage());
            }
            security = new GbcsSecurity(new DirectoryKeyStore(keys), acbEui);
        }
        if (maxFrame < 32) {
            throw new UserError(ExitCodes.BAD_INPUT, "--max-frame must be at least 32 bytes");
        }
        MessageInspector inspector = new MessageInspector(new GbcsFrameDecoder(maxFrame), security);
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        int exit = ExitCodes.OK;
        List<Input> all = new ArrayList<>();
        for (String arg : inputs) {
            all.addAll(resolve(arg));
        }
        boolean first = true;
        for (Input in : all) {
            if (in.error() != null) {
                err.println("dccsim: " + in.name() + ": " + in.error());
                exit = Math.max(exit, ExitCodes.BAD_INPUT);
                continue;
            }
            try {
                Inspection result = inspector.inspect(in.bytes());
                if (!result.allChecksPass()) {
                    exit = Math.max(exit, ExitCodes.CHECK_FAILED);
                }
                if (json) {
                    Map<String, Object> tree = new LinkedHashMap<>();
                    tree.put("file", in.name());
                    tree.putAll(InspectionRenderer.tree(result));
                    out.println(writeJson(mapper, tree));
                } else {
                    if (!first) {
                        out.println();
                    }
                    out.println("== " + in.name());
                    out.print(InspectionRenderer.text(result));
                }
            } catch (GbcsDecodeException e) {
                exit = Math.max(exit, ExitCodes.CHECK_FAILED);
                if (json) {
                    Map<String, Object> tree = new LinkedHashMap<>();
                    tree.put("file", in.name());
                    tree.put("error", Map.of("reason", e.reason().name(), "offset", e.offset(), "message", e.getMessage()));
                    out.println(writeJson(mapper, tree));
                } else {
                    err.println("dccsim: " + in.name() + ": does not decode: " + e.getMessage());
                }
            } catch (KeyStoreException e) {
                throw new UserError(ExitCodes.BAD_INPUT, e.getMessage());
            }
            first = false;
        }
        out.flush();
        return exit;
    }

    private static String writeJson(ObjectMapper mapper, Object tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UserError(ExitCodes.INTERNAL_ERROR, "cannot write JSON: " + e.getMessage());
        }
    }

    private List<Input> resolve(String arg) {
        Path p = Paths.get(arg);
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                List<Input> out = new ArrayList<>();
                s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toUpperCase().endsWith(".HEX"))
                        .sorted().forEach(f -> out.add(readFile(f)));
                if (out.isEmpty()) {
                    return List.of(new Input(arg, null, "directory holds no .HEX files"));
                }
                return out;
            } catch (IOException e) {
                return List.of(new Input(arg, null, "cannot read directory: " + e.getMessage()));
            }
        }
        if (Files.isRegularFile(p)) {
            return List.of(readFile(p));
        }
        String compact = arg.replaceAll("\\s", "");
        if (compact.length() >= MIN_HEX_ARGUMENT && compact.matches("(0[xX])?[0-9A-Fa-f]+")) {
            try {
                return List.of(new Input("hex argument", Hex.decode(compact), null));
            } catch (GbcsDecodeException e) {
                return List.of(new Input("hex argument", null, "not valid hex: " + e.getMessage()));
            }
        }
        return List.of(new Input(arg, null, "no such file, and not a hex message either"));
    }

    private static Input readFile(Path f) {
        try {
            byte[] raw = Files.readAllBytes(f);
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            if (text.strip().matches("(?s)(0[xX])?[0-9A-Fa-f\\s]+")) {
                return new Input(f.toString(), Hex.decode(text), null);
            }
            if (raw.length == 0) {
                return new Input(f.toString(), null, "file is empty");
            }
            return new Input(f.toString(), raw, null);
        } catch (IOException e) {
            return new Input(f.toString(), null, "cannot read: " + e.getMessage());
        } catch (GbcsDecodeException e) {
            return new Input(f.toString(), null, "not valid hex: " + e.getMessage());
        }
    }
}

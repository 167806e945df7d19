package org.dccsim.gbcs.usecase;

/**
 * An auxiliary controller reference as GBCS packs it into one byte (use-case tables, ECS101/102
 * apcDirectionAndNumber): high nibble direction (1 output, 2 input), low nibble n = 1..5. The commanded state
 * or level (0-100 %) follows in the low byte of the script table's long-unsigned parameter.
 */
public record AuxiliaryController(Direction direction, int number) {

    public enum Direction {
        OUTPUT(1), INPUT(2);

        final int nibble;

        Direction(int nibble) {
            this.nibble = nibble;
        }
    }

    public AuxiliaryController {
        if (number < 1 || number > 5) {
            throw new IllegalArgumentException("auxiliary controllers are numbered 1 to 5, not " + number);
        }
    }

    public static AuxiliaryController output(int n) {
        return new AuxiliaryController(Direction.OUTPUT, n);
    }

    public static AuxiliaryController input(int n) {
        return new AuxiliaryController(Direction.INPUT, n);
    }

    public int code() {
        return direction.nibble << 4 | number;
    }

    /** Null when the byte names no valid controller. */
    public static AuxiliaryController ofCode(int code) {
        int dir = (code >> 4) & 0x0F;
        int n = code & 0x0F;
        if (n < 1 || n > 5 || (dir != 1 && dir != 2)) {
            return null;
        }
        return new AuxiliaryController(dir == 1 ? Direction.OUTPUT : Direction.INPUT, n);
    }

    /** The script parameter: controller code in the high byte, commanded state or level in the low byte. */
    public int commandedState(int level) {
        if (level < 0 || level > 255) {
            throw new IllegalArgumentException("commanded state is one byte: " + level);
        }
        return code() << 8 | level;
    }

    @Override
    public String toString() {
        return direction.name().toLowerCase() + " " + number;
    }
}

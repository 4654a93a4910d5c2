package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ArgSchemaTest {

    private final ArgSchema schema = ArgSchema.usage("%x [--device N] [--json] [VAR ...]").option("device").flag("json").positionals();

    @Test
    void parsesFlagsOptionsInBothSpellingsAndWords() {
        ArgSchema.Parsed parsed = schema.parse(List.of("a", "--json", "--device", "2", "b"));
        assertTrue(parsed.has("json"));
        assertEquals(OptionalInt.of(2), parsed.index("device"));
        assertEquals(List.of("a", "b"), parsed.words());
        assertEquals(Optional.of("3"), schema.parse(List.of("--device=3")).value("device"));
    }

    @Test
    void badInputIsOneLineEndingWithTheUsage() {
        assertEquals("unknown option --jsn. Usage: %x [--device N] [--json] [VAR ...]",
                assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--jsn"))).getMessage());
        assertEquals("--device needs a value. Usage: %x [--device N] [--json] [VAR ...]",
                assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device"))).getMessage());
        assertEquals("--device takes a device index such as 0, not '-1'. Usage: %x [--device N] [--json] [VAR ...]",
                assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device", "-1")).index("device")).getMessage());
        assertEquals("--json takes no value. Usage: %x [--device N] [--json] [VAR ...]",
                assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--json=yes"))).getMessage());
    }

    @Test
    void anEmptyValueIsNoValueHoweverItIsSpelled() {
        String missing = assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device"))).getMessage();
        assertEquals(missing, assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device="))).getMessage());
        assertEquals(missing, assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device", ""))).getMessage());
        assertEquals(missing, assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device=", "a"))).getMessage());
    }

    @Test
    void wordsAreRefusedWhereNoneAreTaken() {
        ArgSchema none = ArgSchema.usage("%y").flag("json");
        assertEquals("unexpected argument 'x'. Usage: %y",
                assertThrows(MagicUsageException.class, () -> none.parse(List.of("x"))).getMessage());
    }

    @Test
    void usageErrorsCarryNoStackTrace() {
        MagicUsageException error = new MagicUsageException("bad");
        assertEquals(0, error.getStackTrace().length);
        assertEquals("bad", error.toString());
    }
}

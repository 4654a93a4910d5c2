package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.probe.value.DeviceId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgSchemaTest {

    private final ArgSchema schema = ArgSchema.usage("%x [--device N] [--json] [VAR ...]").option("device").flag("json").positionals();

    @Test
    void parsesFlagsOptionsInBothSpellingsAndWords() {
        ArgSchema.Parsed parsed = schema.parse(List.of("a", "--json", "--device", "2", "b"));
        assertTrue(parsed.has("json"));
        assertEquals(Optional.of(DeviceId.gpu(2)), parsed.device("device"));
        assertEquals(Optional.of(DeviceId.mig(0, 1)), schema.parse(List.of("--device", "0:1")).device("device"), "a MIG instance");
        assertEquals(List.of("a", "b"), parsed.words());
        assertEquals(Optional.of("3"), schema.parse(List.of("--device=3")).value("device"));
    }

    @Test
    void badInputIsOneLineEndingWithTheUsage() {
        assertEquals("unknown option --jsn. Usage: %x [--device N] [--json] [VAR ...]",
                assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--jsn"))).getMessage());
        assertEquals("--device needs a value. Usage: %x [--device N] [--json] [VAR ...]",
                assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device"))).getMessage());
        for (String bad : List.of("-1", "x", "0:", "0:1:2", "0:-1")) {
            assertEquals("--device takes a device index such as 0, or 0:1 for MIG instance 1 of GPU 0, not '" + bad
                    + "'. Usage: %x [--device N] [--json] [VAR ...]",
                    assertThrows(MagicUsageException.class, () -> schema.parse(List.of("--device=" + bad)).device("device")).getMessage());
        }
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
    void aRepeatedOptionKeepsEveryValueAndTheLastCounts() {
        ArgSchema env = ArgSchema.usage("tool [--env K=V]...").option("env");
        ArgSchema.Parsed parsed = env.parse(List.of("--env", "A=1", "--env=B=2", "--env", "A=3"));
        assertEquals(List.of("A=1", "B=2", "A=3"), parsed.values("env"));
        assertEquals(Optional.of("A=3"), parsed.value("env"));
        assertEquals(List.of(), env.parse(List.of()).values("env"));
    }

    @Test
    void twoOfAGroupCannotGoTogetherAndAreNamedInTheirOrder() {
        ArgSchema where = ArgSchema.usage("tool [--user|--prefix P]").flag("user").option("prefix").oneOf("user", "prefix");
        assertEquals("--prefix and --user cannot go together. Usage: tool [--user|--prefix P]",
                assertThrows(MagicUsageException.class, () -> where.parse(List.of("--prefix", "/p", "--user"))).getMessage());
        assertTrue(where.parse(List.of("--user", "--user")).has("user"), "the same one twice is still one");
    }

    @Test
    void aWordKnowsTheOptionValueItFollows() {
        ArgSchema named = ArgSchema.usage("tool [--name N] [--all]").option("name").flag("all").positionals();
        ArgSchema.Parsed parsed = named.parse(List.of("first", "--name", "Bad", "Name", "--all", "last"));
        assertEquals(List.of(new ArgSchema.Word("first", Optional.empty(), Optional.empty()),
                new ArgSchema.Word("Name", Optional.of("name"), Optional.of("Bad")),
                new ArgSchema.Word("last", Optional.empty(), Optional.empty())), parsed.wordsInContext());
        assertEquals("it went wrong. Usage: tool [--name N] [--all]", named.fail("it went wrong").getMessage());
    }

    @Test
    void usageErrorsCarryNoStackTrace() {
        MagicUsageException error = new MagicUsageException("bad");
        assertEquals(0, error.getStackTrace().length);
        assertEquals("bad", error.toString());
    }
}

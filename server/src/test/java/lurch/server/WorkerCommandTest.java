package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code lurch worker}, and a server without local isolates, work with a PostgreSQL database only, and say so. */
class WorkerCommandTest {

    @Test
    void aWorkerRefusesAnH2DatabaseAndAMissingOne() {
        assertRefused(Map.of("LURCH_DB_URL", "jdbc:h2:file:/tmp/nowhere"), "H2 has no workers");
        assertRefused(Map.of(), "it is not set");
    }

    @Test
    void aServerWithoutLocalIsolatesRefusesH2(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("serve"), Map.of("LURCH_LOCAL_ISOLATES", "off", "LURCH_HOME", home.toString(),
                        "LURCH_PORT", "0"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, said);
        assertTrue(said.contains("LURCH_LOCAL_ISOLATES=off sends isolates to workers, which need a PostgreSQL"), said);
    }

    private static void assertRefused(Map<String, String> env, String why) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("worker"), env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, said);
        assertTrue(said.contains("a worker needs the server's PostgreSQL database") && said.contains(why), said);
    }
}

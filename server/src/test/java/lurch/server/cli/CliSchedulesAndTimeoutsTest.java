package lurch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import lurch.db.testing.TestDatabase;
import lurch.server.Config;
import lurch.server.api.ApiTestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code lurch schedule ...} and {@code lurch timeout} against the real API server. */
class CliSchedulesAndTimeoutsTest {

    record Result(int exit, String out, String err) {}

    private static Result lurch(ApiTestServer api, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(List.of(args), Config.of(Map.of("LURCH_URL", api.url(), "LURCH_HOME", api.home.toString()),
                        Map.of()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void schedulesAreSetListedAndRemoved(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/nightly", "(no-op 0)");
            Result set = lurch(api, "schedule", "set", "nightly", "0 3 * * *", "target=prod", "level=2");
            assertEquals(0, set.exit(), set.err());
            assertTrue(set.out().matches("Program nightly scheduled \"0 3 \\* \\* \\*\"; next start "
                    + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\.\n"), set.out());

            List<String> rows = lurch(api, "schedule", "list").out().lines().toList();
            assertEquals("# program\tcron\tvars\tnext start\tlast run", rows.get(0));
            assertTrue(rows.get(1).matches("nightly\t0 3 \\* \\* \\*\tlevel=2 target=prod\t"
                    + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\tn\\.a\\."), rows.get(1));
            assertEquals(2, rows.size());

            assertEquals(new Result(0, "Schedule of program nightly removed.\n", ""), lurch(api, "schedule", "rm", "nightly"));
            assertEquals(new Result(1, "", "lurch: program 'nightly' has no schedule\n"),
                    lurch(api, "schedule", "rm", "nightly"));
            assertEquals(new Result(0, "# program\tcron\tvars\tnext start\tlast run\n", ""), lurch(api, "schedule", "list"));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void badCronFailsNamingTheFieldAndBadUsageExitsTwo(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/nightly", "(no-op 0)");
            assertEquals(new Result(1, "", "lurch: cron field 5 (day of week) '7': 7 is not between 0 and 6\n"),
                    lurch(api, "schedule", "set", "nightly", "0 3 * * 7"));
            assertEquals(new Result(1, "", "lurch: no program named 'other'\n"),
                    lurch(api, "schedule", "set", "other", "0 3 * * *"));
            Result noVar = lurch(api, "schedule", "set", "nightly", "0 3 * * *", "oops");
            assertEquals(2, noVar.exit());
            assertTrue(noVar.err().startsWith("lurch: expected VAR=VALUE, not 'oops'\n"), noVar.err());
            assertEquals(2, lurch(api, "schedule", "frobnicate").exit());
            assertEquals(2, lurch(api, "schedule", "set", "nightly").exit());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void timeoutsAreSetAndCleared(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/nightly", "(no-op 0)");
            assertEquals(new Result(0, "Program nightly times out after 600 s.\n", ""), lurch(api, "timeout", "nightly", "600"));
            assertEquals(600, api.db.timeouts().programTimeout("nightly").orElseThrow());
            assertEquals(new Result(0, "Program nightly has no timeout of its own.\n", ""),
                    lurch(api, "timeout", "nightly", "0"));
            assertTrue(api.db.timeouts().programTimeout("nightly").isEmpty());
            Result bad = lurch(api, "timeout", "nightly", "ten");
            assertEquals(2, bad.exit());
            assertTrue(bad.err().startsWith("lurch: SECONDS must be a whole number of seconds (0 = none), not 'ten'\n"),
                    bad.err());
            assertEquals(2, lurch(api, "timeout", "nightly", "-5").exit());
            assertEquals(new Result(1, "", "lurch: no program named 'other'\n"), lurch(api, "timeout", "other", "60"));
        }
    }
}

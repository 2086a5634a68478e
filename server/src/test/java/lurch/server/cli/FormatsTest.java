package lurch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private final Formats formats = new Formats(ZoneId.of("Europe/Paris"));

    @Test
    void timesAreLocalToTheSecondAndAbsentOnesNotAvailable() {
        assertEquals("2021-10-13T17:37:14", formats.time("2021-10-13T15:37:14.987Z"));
        assertEquals("n.a.", formats.time(null));
    }

    @Test
    void programRowOfANeverRunProgram() {
        Map<String, Object> p = new HashMap<>();
        p.put("name", "test chroot");
        p.put("version", 2L);
        assertEquals("test chroot\t2\tn.a.\tn.a.\tn.a.\tn.a.", formats.programRow(p));
    }

    @Test
    void runRowShowsStatusTimesAndFigures() {
        Map<String, Object> r = new HashMap<>();
        r.putAll(Map.of("id", 1L, "program", "hello", "status", "success", "created", "2021-10-13T15:37:14Z",
                "started", "2021-10-13T15:37:15Z", "stopped", "2021-10-13T15:37:29Z", "exit_code", 0L,
                "cpu_user", 0.430348, "cpu_system", 2.430358, "mem_peak", 1081344L));
        assertEquals("1\thello\tsuccess\t2021-10-13T17:37:14\t2021-10-13T17:37:15\t2021-10-13T17:37:29\t0\t0.430"
                + "\t2.430\t1081344", formats.runRow(r));
    }

    @Test
    void treeRowIsIndentedByDepthAndSaysWhatARunWaitsFor() {
        Map<String, Object> r = new HashMap<>();
        r.putAll(Map.of("id", 5L, "depth", 2L, "command", "approve", "status", "waiting",
                "waiting_for", "approval", "started", "2021-10-13T15:37:15Z", "cpu_user", 0.0, "cpu_system", 0.0,
                "mem_peak", 0L));
        Instant now = Instant.parse("2021-10-13T15:37:17.5Z");
        assertEquals("    5\tapprove\twaiting for approval\tn.a.\t2.500\t0.000\t0.000\t0", formats.treeRow(r, now, false));
    }

    @Test
    void treeRowOfATreeOnWorkersEndsWithTheWorkerOrNotAvailableForTheServer() {
        Map<String, Object> r = new HashMap<>(Map.of("id", 7L, "depth", 1L, "command", "isolate", "status", "running",
                "started", "2021-10-13T15:37:15Z", "cpu_user", 0.5, "cpu_system", 0.25, "mem_peak", 1024L));
        Instant now = Instant.parse("2021-10-13T15:37:16Z");
        assertEquals("  7\tisolate\trunning\tn.a.\t1.000\t0.500\t0.250\t1024\tn.a.", formats.treeRow(r, now, true));
        r.put("worker", "build-1");
        assertEquals("  7\tisolate\trunning\tn.a.\t1.000\t0.500\t0.250\t1024\tbuild-1", formats.treeRow(r, now, true));
    }

    @Test
    void workerRowShowsStateIsolatesAndLastSeenInLocalTime() {
        assertEquals("build-1\tlost\t0\t2021-10-13T17:37:14", formats.workerRow(Map.of("name", "build-1",
                "state", "lost", "isolates", 0L, "started", "2021-10-13T15:30:00Z", "last_seen", "2021-10-13T15:37:14Z")));
    }

    @Test
    void trailingNewlineOfASecretIsStrippedOnce() {
        assertEquals("s3cret", Subcommands.withoutTrailingNewline("s3cret\n"));
        assertEquals("s3cret", Subcommands.withoutTrailingNewline("s3cret\r\n"));
        assertEquals("two\n", Subcommands.withoutTrailingNewline("two\n\n"));
        assertEquals("none", Subcommands.withoutTrailingNewline("none"));
    }

    @Test
    void pathSegmentsKeepSlashesAndSpacesEncoded() {
        assertEquals("owner%2Frepo%20x%C3%A9", ApiClient.encode("owner/repo xé"));
    }
}

package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimersTest {

    @Test
    void aTimerSetWhileTheServerStopsIsLeftToTheNextServerRatherThanFailingTheRun() {
        Timers timers = new Timers(Clock.systemUTC());
        timers.close();
        // a tree still stepping on the old engine sets its pause's timer: the deadline is in the run's row already
        assertDoesNotThrow(() -> timers.after(1, Duration.ofSeconds(5), () -> { }));
    }
}

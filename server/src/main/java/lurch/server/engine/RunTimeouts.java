package lurch.server.engine;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.Run;
import lurch.db.RunDeadline;

/**
 * Whole-run timeouts: a top run gets a deadline when it is created, from its program's own timeout
 * ({@code lurch timeout}) or else the server's LURCH_RUN_TIMEOUT. The deadline is stored with the run, so a restart
 * still enforces it; when it passes, the whole tree is stopped (everything below killed) and the top run ends with
 * -131 and a line naming the timeout. Time waiting for a person or a process slot counts: the clock runs from
 * creation. A run that {@code spawn} started is a tree of its own, with its own deadline, and is not stopped.
 */
final class RunTimeouts implements AutoCloseable {
    private final TreeStepper stepper;
    private final EngineContext ctx;
    /** Keyed by top run; separate from the per-run timers, which a top run may be using itself (a pause). */
    private final Timers timers;
    /** Top runs with a deadline, so that the many without one cost no statement when they end. */
    private final Set<Long> armed = ConcurrentHashMap.newKeySet();

    RunTimeouts(TreeStepper stepper, EngineContext ctx) {
        this.stepper = stepper;
        this.ctx = ctx;
        this.timers = new Timers(ctx.clock());
    }

    /** Gives a new top run of {@code program} its deadline, if a timeout applies. */
    void arm(long topId, String program) {
        OptionalLong own = ctx.stores().timeouts().programTimeout(program);
        Duration server = ctx.settings().runTimeout();
        RunDeadline deadline;
        if (own.isPresent()) {
            deadline = new RunDeadline(topId, ctx.now().plusSeconds(own.getAsLong()), own.getAsLong(),
                    RunDeadline.PROGRAM);
        } else if (server != null) {
            deadline = new RunDeadline(topId, ctx.now().plus(server), server.toSeconds(), RunDeadline.SERVER);
        } else {
            return;
        }
        ctx.stores().timeouts().addDeadline(deadline);
        schedule(deadline);
    }

    /** At start-up: sets the timers of the unfinished top runs again; forgets the deadlines of ended ones. */
    void resume(Set<Long> unfinishedTopIds) {
        for (RunDeadline deadline : ctx.stores().timeouts().deadlines()) {
            if (unfinishedTopIds.contains(deadline.topId())) {
                schedule(deadline);
            } else {
                ctx.stores().timeouts().removeDeadline(deadline.topId());
            }
        }
    }

    /** The top run ended: its deadline no longer applies. */
    void disarm(long topId) {
        if (armed.remove(topId)) {
            timers.cancel(topId);
            ctx.stores().timeouts().removeDeadline(topId);
        }
    }

    private void schedule(RunDeadline deadline) {
        armed.add(deadline.topId());
        timers.at(deadline.topId(), deadline.deadline(), () -> expire(deadline));
    }

    private void expire(RunDeadline deadline) {
        stepper.inTree(deadline.topId(), () -> {
            Run top = ctx.stores().runs().get(deadline.topId()).orElse(null);
            if (top == null || top.status().isFinal() || stepper.isClosed()) {
                return;
            }
            stepper.cancellation("timeout").timeOut(deadline.topId(), describe(deadline));
        });
    }

    static String describe(RunDeadline deadline) {
        return "Timed out: " + (deadline.source().equals(RunDeadline.PROGRAM)
                ? "the program's timeout of " + deadline.seconds() + " s (lurch timeout) passed."
                : "the server's timeout of " + deadline.seconds() + " s (LURCH_RUN_TIMEOUT) passed.");
    }

    @Override
    public void close() {
        timers.close();
    }
}

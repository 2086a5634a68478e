package lurch.server.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import lurch.db.Run;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Evaluator.ApprovalDecision;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Step;

/**
 * Picks up, at start-up, every run a previous server left unfinished (after a clean stop or a
 * kill -9). Waiting runs keep waiting (timers are set again from their deadlines); a process that
 * ran under the old server is gone, so its run fails with a line saying so; composite runs whose
 * children all ended are stepped on. Nothing stays "running" forever. A tree that cannot be resumed
 * (a row that does not read back, a step that throws) is failed with a line saying why; the others carry
 * on and the server starts serving regardless.
 */
final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    /** The exit code of a process lost with the previous server: as if killed (SIGKILL). */
    private static final int LOST_PROCESS = -9;
    private final Engine engine;

    Recovery(Engine engine) {
        this.engine = engine;
    }

    void run() {
        List<Run> unfinished = engine.ctx.stores().runs().unfinished();
        Set<Long> withOpenChild = unfinished.stream().map(Run::parentId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        try {
            engine.leaves.isolations.removeLeftovers(unfinished.stream()
                    .filter(r -> r.command().equals("isolate")).map(Run::id).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove the isolations a previous server left", e);
        }
        Map<Long, RuntimeException> broken = new HashMap<>();
        for (Run row : unfinished) {
            try {
                engine.live.put(row.id(), engine.revive(row));
            } catch (RuntimeException e) {
                broken.putIfAbsent(row.topId(), e);
            }
        }
        for (Run row : unfinished) {
            if (broken.containsKey(row.topId())) {
                continue;
            }
            engine.locks.inTree(row.topId(), () -> {
                LiveRun run = engine.live.get(row.id());
                if (run == null) {
                    return;
                }
                try {
                    resume(run, row, withOpenChild.contains(row.id()));
                } catch (RuntimeException | StackOverflowError e) {
                    engine.failTree(row.id(), row.topId(), e);
                }
            });
        }
        // A tree with a row that cannot be read back is failed, never resumed: the others carry on.
        broken.forEach((topId, cause) -> engine.locks.inTree(topId, () -> engine.failTree(topId, topId, cause)));
        // Last, so that a deadline that passed while no server ran stops a tree that is fully resumed.
        engine.timeouts.resume(engine.ctx.stores().runs().unfinished().stream().filter(Run::isTop).map(Run::id)
                .collect(Collectors.toSet()));
        if (!unfinished.isEmpty()) {
            LOG.info("resumed " + unfinished.size() + " unfinished runs" + (broken.isEmpty() ? ""
                    : "; failed " + broken.size() + " trees that could not be read back"));
        }
    }

    private void resume(LiveRun run, Run row, boolean hasOpenChild) {
        if (row.status() == lurch.db.RunStatus.WAITING && row.waitingFor() != null) {
            switch (row.waitingFor()) {
                case START -> {
                    // A git build's checkout may have been cut short: it is redone once the git side is up.
                    if (row.isTop() && !engine.ctx.stores().runs().data(row.id()).isEmpty()) {
                        engine.unprepared.add(run);
                    } else {
                        engine.begin(run);
                    }
                }
                case PROCESS_SLOT -> engine.advance(run, () -> engine.evaluator.start(run.command, run.scope));
                case APPROVAL -> {
                    if (row.wakeAt() != null) {
                        engine.ctx.timers().at(run.id, row.wakeAt(),
                                () -> engine.prompts.settleApproval(run.id, ApprovalDecision.TIMED_OUT, null, "timeout"));
                    }
                }
                case ANSWER -> { }
                case TIMER -> engine.ctx.timers().at(run.id, row.wakeAt() == null ? engine.now() : row.wakeAt(),
                        () -> engine.wake(run));
            }
            return;
        }
        switch (run.command) {
            case Command.Exec exec -> {
                engine.ctx.logs().info(run.id, run.topId,
                        "Lurch restarted while this process ran: the process is gone.");
                engine.advance(run, new Step.Finish(Outcome.of(LOST_PROCESS)));
            }
            case Builder builder -> engine.advance(run, () -> engine.evaluator.start(builder, run.scope));
            default -> {
                if (!hasOpenChild) {
                    stepOn(run);
                }
            }
        }
    }

    /** A running composite with no open child: its last child ended just before the restart, or none began. */
    private void stepOn(LiveRun run) {
        List<Run> children = engine.ctx.stores().runs().children(run.id);
        if (run.command.children().isEmpty() || children.isEmpty()) {
            engine.advance(run, () -> engine.evaluator.start(run.command, run.scope));
            return;
        }
        Run last = children.get(children.size() - 1);
        Outcome outcome = new Outcome(last.exitCode() == null ? Outcome.COULD_NOT_START : last.exitCode(),
                last.breakLevels());
        engine.advance(run, () -> engine.evaluator.childEnded(run.command, run.scope, run.progress, outcome));
    }
}

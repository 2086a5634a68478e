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
 * kill -9). Waiting runs keep waiting (timers are set again from their deadlines); an exec whose process the
 * executor still has (on a worker) is followed again, one whose process died with the old server fails with a
 * line saying so; composite runs whose
 * children all ended are stepped on. Nothing stays "running" forever. A tree that cannot be resumed
 * (a row that does not read back, a step that throws) is failed with a line saying why; the others carry
 * on and the server starts serving regardless.
 */
final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    /** The exit code of a process lost with the previous server: as if killed (SIGKILL). */
    private static final int LOST_PROCESS = -9;
    private final TreeStepper stepper;
    private final EngineContext ctx;
    private final LiveRuns live;

    Recovery(TreeStepper stepper, EngineContext ctx, LiveRuns live) {
        this.stepper = stepper;
        this.ctx = ctx;
        this.live = live;
    }

    void run() {
        List<Run> unfinished = ctx.stores().runs().unfinished();
        Set<Long> withOpenChild = unfinished.stream().map(Run::parentId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        try {
            stepper.executor().removeLeftovers(unfinished.stream()
                    .filter(r -> r.command().equals("isolate")).map(Run::id).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove the isolations a previous server left", e);
        }
        Map<Long, RuntimeException> broken = new HashMap<>();
        for (Run row : unfinished) {
            try {
                live.add(live.revive(row));
            } catch (RuntimeException e) {
                broken.putIfAbsent(row.topId(), e);
            }
        }
        for (Run row : unfinished) {
            if (broken.containsKey(row.topId())) {
                continue;
            }
            stepper.inTree(row.topId(), () -> {
                LiveRun run = live.get(row.id());
                if (run == null) {
                    return;
                }
                try {
                    resume(run, row, withOpenChild.contains(row.id()));
                } catch (RuntimeException | StackOverflowError e) {
                    stepper.failTree(row.id(), row.topId(), e);
                }
            });
        }
        // A tree with a row that cannot be read back is failed, never resumed: the others carry on.
        broken.forEach((topId, cause) -> stepper.inTree(topId, () -> stepper.failTree(topId, topId, cause)));
        // Last, so that a deadline that passed while no server ran stops a tree that is fully resumed.
        stepper.timeouts().resume(ctx.stores().runs().unfinished().stream().filter(Run::isTop).map(Run::id)
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
                    if (row.isTop() && !ctx.stores().runs().data(row.id()).isEmpty()) {
                        stepper.starts().awaitPreparation(run);
                    } else {
                        stepper.begin(run);
                    }
                }
                case PROCESS_SLOT, WORKER -> stepper.advance(run, () -> ctx.evaluator().start(run.command, run.scope));
                case APPROVAL -> {
                    if (row.wakeAt() != null) {
                        ctx.timers().at(run.id, row.wakeAt(),
                                () -> stepper.prompts().settleApproval(run.id, ApprovalDecision.TIMED_OUT, null, "timeout"));
                    }
                }
                case ANSWER -> { }
                case TIMER -> ctx.timers().at(run.id, row.wakeAt() == null ? ctx.now() : row.wakeAt(),
                        () -> stepper.wake(run));
            }
            return;
        }
        switch (run.command) {
            case Command.Exec exec -> {
                var process = stepper.executor().reattach(run.id);
                if (process.isPresent()) {
                    stepper.leaves().follow(run, process.get());
                    return;
                }
                ctx.info(run, "Lurch restarted while this process ran: the process is gone.");
                stepper.advance(run, new Step.Finish(Outcome.of(LOST_PROCESS)));
            }
            case Builder builder -> stepper.advance(run, () -> ctx.evaluator().start(builder, run.scope));
            default -> {
                if (!hasOpenChild) {
                    stepOn(run);
                }
            }
        }
    }

    /** A running composite with no open child: its last child ended just before the restart, or none began. */
    private void stepOn(LiveRun run) {
        List<Run> children = ctx.stores().runs().children(run.id);
        if (run.command.children().isEmpty() || children.isEmpty()) {
            stepper.advance(run, () -> ctx.evaluator().start(run.command, run.scope));
            return;
        }
        Run last = children.get(children.size() - 1);
        Outcome outcome = new Outcome(last.exitCode() == null ? Outcome.COULD_NOT_START : last.exitCode(),
                last.breakLevels());
        stepper.advance(run, () -> ctx.evaluator().childEnded(run.command, run.scope, run.progress(), outcome));
    }
}

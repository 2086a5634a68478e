package lurch.server.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import lurch.isolation.OutputSink;

/** The {@link ExecutorContext} an engine gives its executor. */
record EngineExecutorContext(EngineContext ctx, TreeStepper stepper) implements ExecutorContext {

    @Override
    public OutputSink sinkFor(long runId, long topId, Collection<String> secrets) {
        return ctx.logs().sinkFor(runId, topId, secrets);
    }

    @Override
    public void info(long runId, long topId, String text) {
        ctx.logs().info(runId, topId, text);
    }

    @Override
    public void flush(long topId) {
        ctx.logs().flush(topId);
    }

    @Override
    public EngineSettings settings() {
        return ctx.settings();
    }

    @Override
    public Stores stores() {
        return ctx.stores();
    }

    @Override
    public Workspaces workspaces() {
        return ctx.workspaces();
    }

    @Override
    public Path artifactsStaging(long topId) throws IOException {
        return ctx.artifacts().staging(topId);
    }

    @Override
    public boolean whileLive(long runId, long topId, Runnable action) {
        return stepper.whileLive(runId, topId, action);
    }
}

package lurch.isolation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lurch.isolation.IsolationException;

/**
 * The Docker clients, made on first use so that a server without a Docker engine starts and runs
 * chroots. The API version is not pinned: the engine's own is used. Commands get an answer within
 * {@link #ANSWER_TIMEOUT} or fail, so an engine that stops answering blocks no run; streams (an exec's
 * output, a pull's progress) may be silent for as long as the program is, and get no such bound: the
 * isolator's engine check ends them when the engine is gone.
 */
final class DockerConnection implements AutoCloseable {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final String dockerHost;
    private DockerClient commands;
    private DockerClient streams;

    DockerConnection(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    /** For calls that answer at once: bounded by {@link #ANSWER_TIMEOUT}. */
    synchronized DockerClient client() throws IsolationException {
        if (commands == null) {
            commands = make(ANSWER_TIMEOUT);
        }
        return commands;
    }

    /** For streams that last as long as a program or a pull. */
    synchronized DockerClient streams() throws IsolationException {
        if (streams == null) {
            streams = make(null);
        }
        return streams;
    }

    private DockerClient make(Duration responseTimeout) throws IsolationException {
        try {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(dockerHost).build();
            ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                    .connectionTimeout(Duration.ofSeconds(5));
            if (responseTimeout != null) {
                http.responseTimeout(responseTimeout);
            }
            return DockerClientImpl.getInstance(config, http.build());
        } catch (RuntimeException e) {
            throw new IsolationException("cannot use the Docker engine at " + dockerHost + ": " + reason(e), e);
        }
    }

    String dockerHost() {
        return dockerHost;
    }

    /** The run log line for an engine that went away: {@code lurch: the Docker engine at HOST stopped answering: CAUSE}. */
    String lost(Throwable cause) {
        return "lurch: the Docker engine at " + dockerHost + " stopped answering: " + reason(cause);
    }

    /** Whether the engine answers a ping now (within {@link #ANSWER_TIMEOUT}); throws the cause when not. */
    void ping() throws IsolationException {
        DockerClient client = client();
        answer(() -> client.pingCmd().exec());
    }

    /**
     * The result of {@code call} (a command to the engine), or a {@link NoAnswer} after {@link #ANSWER_TIMEOUT}:
     * docker-java's response timeout does not apply to unix sockets, where an engine that is stopped (not dead)
     * accepts the connection and never answers. The call runs on a virtual thread, interrupted when given up.
     */
    <T> T answer(Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread.ofVirtual().name("lurch-docker-call").start(task);
        try {
            return task.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new NoAnswer("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted while waiting for the Docker engine");
        }
    }

    /** The engine took too long to answer a command. */
    static final class NoAnswer extends RuntimeException {
        NoAnswer(String message) {
            super(message);
        }
    }

    /** The most telling message of a docker-java failure (often wrapped). */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof RuntimeException
                && cause.getCause() instanceof IOException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
        return message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }

    void warn(String what, Exception failure) {
        System.getLogger(DockerIsolator.class.getName()).log(System.Logger.Level.WARNING,
                what + " (Docker engine at " + dockerHost + "): " + reason(failure));
    }

    /** Drops the clients (and their pooled connections to a vanished engine): the next call makes new ones. */
    @Override
    public synchronized void close() {
        for (DockerClient client : new DockerClient[] {commands, streams}) {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException e) {
                    warn("cannot close the Docker client", e);
                }
            }
        }
        commands = null;
        streams = null;
    }
}

package lurch.isolation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import lurch.isolation.IsolationException;

/**
 * The Docker client, made on first use so that a server without a Docker engine starts and runs
 * chroots. The API version is not pinned: the engine's own is used.
 */
final class DockerConnection implements AutoCloseable {

    private final String dockerHost;
    private DockerClient client;

    DockerConnection(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    synchronized DockerClient client() throws IsolationException {
        if (client == null) {
            try {
                DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost(dockerHost).build();
                ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                        .connectionTimeout(Duration.ofSeconds(5)).build();
                client = DockerClientImpl.getInstance(config, http);
            } catch (RuntimeException e) {
                throw new IsolationException("cannot use the Docker engine at " + dockerHost + ": " + reason(e), e);
            }
        }
        return client;
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

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                warn("cannot close the Docker client", e);
            }
            client = null;
        }
    }
}

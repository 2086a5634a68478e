package lurch.isolation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lurch.isolation.DockerPull;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;

/**
 * Makes sure the engine has an isolate's image, pulling it as {@link DockerPull} says. A pull that makes no progress
 * for {@link #STALL} is given up (a registry behind a firewall that drops packets would otherwise hold the isolate
 * for good); a big image that keeps arriving may take as long as it takes.
 */
final class ImagePull {

    static final Duration STALL = Duration.ofSeconds(60);

    private ImagePull() {}

    static void ensure(DockerConnection connection, String image, DockerPull policy, OutputSink log) throws IsolationException {
        DockerClient docker = connection.client();
        boolean local = connection.answer(() -> exists(docker, image));
        if (local && policy == DockerPull.MISSING) {
            return;
        }
        log.line(Stream.INFO, System.currentTimeMillis(), "Pulling image " + image);
        try {
            pull(connection.streams(), image); // its progress may pause longer than a command's answer
        } catch (IsolationException e) {
            if (!local) {
                throw e;
            }
            log.line(Stream.INFO, System.currentTimeMillis(), "Warning: " + e.getMessage()
                    + "; going on with the local image " + image);
        }
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void pull(DockerClient docker, String image) throws IsolationException {
        Progress progress = docker.pullImageCmd(image).exec(new Progress());
        try {
            // awaitCompletion throws the pull's error, the engine's "Could not pull image" among them
            while (!progress.awaitCompletion(1, TimeUnit.SECONDS)) {
                if (System.nanoTime() - progress.lastActivity > STALL.toNanos()) {
                    progress.close();
                    throw new IsolationException("cannot pull docker image '" + image + "': no progress for "
                            + STALL.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IsolationException("pulling docker image '" + image + "' was interrupted", e);
        } catch (IOException | RuntimeException e) {
            throw new IsolationException("cannot pull docker image '" + image + "': " + DockerConnection.reason(e), e);
        }
    }

    /** Remembers when the engine last reported anything about the pull. */
    private static final class Progress extends PullImageResultCallback {
        volatile long lastActivity = System.nanoTime();

        @Override
        public void onNext(PullResponseItem item) {
            lastActivity = System.nanoTime();
            super.onNext(item);
        }
    }
}

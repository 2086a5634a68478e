package lurch.server.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import lurch.db.testing.FreshDatabase;

/**
 * A real {@code lurch worker} in a process of its own (the test's class path, a LURCH_HOME of its own), so that a
 * test can kill it with SIGKILL and start it again on the same home.
 */
public final class WorkerProcess implements AutoCloseable {
    /** Short, so that a lost worker is found within seconds. */
    public static final int LEASE_SECONDS = 3;

    public final String name;
    public final Path home;
    private final FreshDatabase db;
    private Process process;

    private WorkerProcess(String name, Path home, FreshDatabase db) {
        this.name = name;
        this.home = home;
        this.db = db;
    }

    public static WorkerProcess start(String name, FreshDatabase db) throws IOException {
        WorkerProcess worker = new WorkerProcess(name, Files.createTempDirectory("lurch-worker-test-"), db);
        worker.launch();
        return worker;
    }

    public void launch() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "lurch.server.Main", "worker")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("worker.log").toFile()));
        var env = builder.environment();
        env.put("LURCH_HOME", home.toString());
        env.put("LURCH_DB_URL", db.url());
        env.put("LURCH_DB_USER", db.user());
        env.put("LURCH_DB_PASSWORD", db.password());
        env.put("LURCH_WORKER_NAME", name);
        env.put("LURCH_WORKER_LEASE", Integer.toString(LEASE_SECONDS));
        env.put("LURCH_MAX_PROCS", "2");
        process = builder.start();
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, and the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(home.resolve("worker.log"));
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
        boolean mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.contains(" " + home));
        if (!mounted) {
            new ProcessBuilder("rm", "-rf", "--one-file-system", home.toString()).start().waitFor();
        }
    }
}

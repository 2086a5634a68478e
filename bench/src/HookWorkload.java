import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * W6: signed GitHub push deliveries from wrk for 10 s against a registered repository whose commit
 * has no {@code .lurch} (so each is stored, then merely skipped). Every delivery has an id of its
 * own and the same body, so one signature serves all. The API lists at most 1,000 deliveries and
 * has no count, so {@link StoredDeliveries} counts the stored ones in the database afterwards.
 */
final class HookWorkload {

    private static final String REPO = "bench/app";
    private static final String SECRET = "bench-secret";
    private static final int SECONDS = 10;

    private final Setup setup;
    private final Server server;
    private final Cli cli;

    HookWorkload(Setup setup, Server server, Cli cli) {
        this.setup = setup;
        this.server = server;
        this.cli = cli;
    }

    /** What wrk reports: deliveries answered 2xx, those refused, and over how long. */
    record Load(long accepted, long refused, double seconds) {

        /** The W6 rows, given how many deliveries the database holds once the server has stopped. */
        List<Row> rows(long stored) {
            return List.of(
                    Row.of("W6", "signed GitHub pushes to /hooks/github, 10 s of wrk -c32",
                            List.of(accepted / seconds), "1/s", 2000, true)
                            .withNote(accepted + " accepted, " + refused + " refused, " + stored + " stored"),
                    Row.atMost("W6.lost", "deliveries answered 2xx but not stored",
                            List.of((double) Math.max(0, accepted - stored)), "n", 0));
        }
    }

    Load load() throws Exception {
        Path bare = bareRepository(setup.work(), "app", Map.of("README", "no .lurch here\n"));
        cli.run("repo", "add", REPO, "--url", bare.toUri().toString(), "--secret", SECRET);
        String body = pushBody(REPO, head(setup.work(), bare), bare);
        Path script = setup.work().resolve("push.lua");
        Files.writeString(script, luaScript(body, signature(SECRET, body)));
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + SECONDS + "s", "-s", script.toString(),
                server.url() + "/hooks/github").redirectErrorStream(true).start();
        String report = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0 || !report.contains("requests in")) {
            throw new IOException("wrk failed: " + report);
        }
        long sent = Long.parseLong(first(report, "(\\d+) requests in"));
        long refused = report.contains("Non-2xx") ? Long.parseLong(first(report, "Non-2xx or 3xx responses: (\\d+)")) : 0;
        return new Load(sent - refused, refused, Double.parseDouble(first(report, "requests in ([0-9.]+)s")));
    }

    /** A bare repository {@code work/NAME.git} with one commit of {@code files} (path to content). */
    static Path bareRepository(Path work, String name, Map<String, String> files) throws IOException, InterruptedException {
        Path source = Files.createDirectories(work.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = source.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        git(source, "init", "-q", "-b", "main");
        git(source, "add", ".");
        git(source, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "bench");
        Path bare = work.resolve(name + ".git");
        git(work, "clone", "-q", "--bare", source.toString(), bare.toString());
        return bare;
    }

    /** The sha of a bare repository's HEAD. */
    static String head(Path work, Path bare) throws IOException, InterruptedException {
        return git(work, "--git-dir", bare.toString(), "rev-parse", "HEAD").strip();
    }

    /** A GitHub push of {@code sha} to main of repository {@code repo}, cloned from {@code bare}. */
    static String pushBody(String repo, String sha, Path bare) {
        return """
                {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"%s",\
                "repository":{"full_name":"%s","clone_url":"%s","html_url":"http://localhost/bench/app"},\
                "pusher":{"name":"bench"},"head_commit":{"id":"%s","message":"bench","author":{"name":"bench"}}}"""
                .formatted(sha, repo, bare.toUri(), sha);
    }

    /** GitHub's {@code X-Hub-Signature-256} of {@code body} under {@code secret}. */
    static String signature(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** wrk's request hook: the same signed body, a delivery id unique across threads and requests. */
    private static String luaScript(String body, String signature) {
        return """
                local counter = 0
                local threads = 0
                thread_id = 0 -- a global: setup() sets it in each thread's own Lua state
                function setup(thread) threads = threads + 1; thread:set("thread_id", threads) end
                function request()
                  counter = counter + 1
                  return wrk.format("POST", nil, {
                    ["Content-Type"] = "application/json",
                    ["X-GitHub-Event"] = "push",
                    ["X-Hub-Signature-256"] = "%s",
                    ["X-GitHub-Delivery"] = "bench-" .. thread_id .. "-" .. counter,
                  }, [==[%s]==])
                end
                """.formatted(signature, body);
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (git.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static String first(String text, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IOException("no '" + regex + "' in: " + text);
        }
        return m.group(1);
    }
}

package lurch.server.cli;

import static lurch.server.cli.JsonData.list;
import static lurch.server.cli.JsonData.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lurch.server.cli.CliCommand.AddNotify;
import lurch.server.cli.CliCommand.AddRepo;
import lurch.server.cli.CliCommand.AddToken;
import lurch.server.cli.CliCommand.Answer;
import lurch.server.cli.CliCommand.Approve;
import lurch.server.cli.CliCommand.Build;
import lurch.server.cli.CliCommand.Cancel;
import lurch.server.cli.CliCommand.CollectGarbage;
import lurch.server.cli.CliCommand.Download;
import lurch.server.cli.CliCommand.Export;
import lurch.server.cli.CliCommand.Import;
import lurch.server.cli.CliCommand.ListArtifacts;
import lurch.server.cli.CliCommand.ListNotify;
import lurch.server.cli.CliCommand.ListPrograms;
import lurch.server.cli.CliCommand.ListRepos;
import lurch.server.cli.CliCommand.ListRuns;
import lurch.server.cli.CliCommand.ListTokens;
import lurch.server.cli.CliCommand.Logs;
import lurch.server.cli.CliCommand.RemoveNotify;
import lurch.server.cli.CliCommand.RemoveRepo;
import lurch.server.cli.CliCommand.RemoveSecret;
import lurch.server.cli.CliCommand.RemoveToken;
import lurch.server.cli.CliCommand.Rerun;
import lurch.server.cli.CliCommand.SetSecret;
import lurch.server.cli.CliCommand.SetTimeout;
import lurch.server.cli.CliCommand.RemoveSchedule;
import lurch.server.cli.CliCommand.ListSchedules;
import lurch.server.cli.CliCommand.SetSchedule;
import lurch.server.cli.CliCommand.Show;
import lurch.server.cli.CliCommand.Start;
import lurch.server.cli.CliCommand.Wait;
import lurch.server.cli.CliCommand.ListWorkers;

/** Does each subcommand through the REST API and prints its answer; returns the exit code. */
final class Subcommands {

    private static final Set<String> FINAL_STATUSES = Set.of("success", "failure", "cancelled");

    private final ApiClient api;
    private final Formats formats;
    private final InputStream stdin;
    private final PrintStream out;
    private final ArtifactCommands artifacts;

    Subcommands(ApiClient api, Formats formats, InputStream stdin, PrintStream out) {
        this.api = api;
        this.formats = formats;
        this.stdin = stdin;
        this.out = out;
        this.artifacts = new ArtifactCommands(api, out);
    }

    int run(CliCommand command) throws IOException {
        switch (command) {
            case ListPrograms p -> programs();
            case Import i -> {
                Map<String, Object> saved = object(api.sendText("PUT", program(i.program()), readStdin()));
                out.println("Program " + i.program() + " stored as version " + saved.get("version") + ".");
            }
            case Export e -> {
                String text = api.getText(program(e.program()));
                out.print(text.endsWith("\n") ? text : text + "\n");
            }
            case Start s -> {
                Object run = object(api.postJson(program(s.program()) + "/runs", Map.of("vars", s.vars()))).get("run");
                out.println("Program " + s.program() + " started as run #" + run + ".");
            }
            case ListRuns r -> runs(r);
            case Show s -> show(s.run());
            case Logs l -> logs(l);
            case Wait w -> {
                return await(w.run());
            }
            case Approve a -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("approve", a.approve());
                body.put("message", a.message());
                api.postJson(run(a.run()) + "/approve", body);
                out.println("Run #" + a.run() + (a.approve() ? " approved." : " rejected."));
            }
            case Answer a -> {
                api.postJson(run(a.run()) + "/answer", Map.of("value", a.value()));
                out.println("Run #" + a.run() + " answered.");
            }
            case Cancel c -> {
                boolean cancelled = Boolean.TRUE.equals(object(api.postJson(run(c.run()) + "/cancel", Map.of()))
                        .get("cancelled"));
                out.println("Run #" + c.run() + (cancelled ? " cancelled." : " had already ended."));
            }
            case SetSchedule s -> schedules().run(s);
            case ListSchedules l -> schedules().run(l);
            case RemoveSchedule r -> schedules().run(r);
            case SetTimeout t -> schedules().run(t);
            case SetSecret s -> {
                api.sendText("PUT", secret(s.program(), s.name()), withoutTrailingNewline(readStdin()));
                out.println("Secret " + s.name() + " of program " + s.program() + " set.");
            }
            case RemoveSecret s -> {
                api.delete(secret(s.program(), s.name()));
                out.println("Secret " + s.name() + " of program " + s.program() + " removed.");
            }
            case AddRepo r -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", r.name());
                body.put("url", r.url());
                body.put("secret", r.secret());
                if (r.forge() != null) {
                    body.put(r.forge() + "_token", r.token());
                    body.put(r.forge() + "_url", r.apiUrl());
                }
                body.put("cancel_previous", r.cancelPrevious());
                body.put("pull_requests", r.pullRequests());
                body.put("branches", r.branches());
                body.put("tags", r.tags());
                api.postJson("/api/repos", body);
                out.println("Repository " + r.name() + " registered.");
            }
            case ListRepos l -> {
                out.println(Formats.REPOS_HEADER);
                list(api.getJson("/api/repos")).forEach(repo -> out.println(formats.repoRow(object(repo))));
            }
            case RemoveRepo r -> {
                api.delete("/api/repos/" + ApiClient.encode(r.name()));
                out.println("Repository " + r.name() + " removed.");
            }
            case Build b -> {
                return build(b);
            }
            case ListArtifacts a -> artifacts.list(a.run());
            case Download d -> artifacts.download(d);
            case Rerun r -> {
                Map<String, Object> run = object(api.postJson(run(r.run()) + "/rerun", Map.of()));
                out.println("Program " + run.get("program") + " started as run #" + run.get("run") + ".");
            }
            case CollectGarbage g -> {
                Map<String, Object> removed = object(api.postJson("/api/gc", Map.of()));
                list(removed.get("lines")).forEach(out::println);
            }
            case AddNotify n -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("program", n.program());
                body.put("url", n.url());
                body.put("secret", n.secret());
                body.put("on", n.on());
                api.postJson("/api/notifications", body);
                out.println("Program " + n.program() + " notifies " + n.url() + ".");
            }
            case ListNotify l -> {
                out.println(Formats.NOTIFY_HEADER);
                list(api.getJson("/api/notifications")).forEach(n -> out.println(formats.notifyRow(object(n))));
            }
            case RemoveNotify n -> {
                api.delete("/api/notifications?program=" + ApiClient.encode(n.program()) + "&url="
                        + ApiClient.encode(n.url()));
                out.println("Program " + n.program() + " no longer notifies " + n.url() + ".");
            }
            case AddToken t -> {
                Object token = object(api.postJson("/api/tokens", Map.of("name", t.name(), "role", t.role()))).get("token");
                // Printed once: only its hash is stored.
                out.println(token);
            }
            case ListTokens l -> {
                out.println(Formats.TOKENS_HEADER);
                list(api.getJson("/api/tokens")).forEach(token -> out.println(formats.tokenRow(object(token))));
            }
            case ListWorkers w -> {
                out.println(Formats.WORKERS_HEADER);
                list(api.getJson("/api/workers")).forEach(worker -> out.println(formats.workerRow(object(worker))));
            }
            case RemoveToken t -> {
                api.delete("/api/tokens/" + ApiClient.encode(t.name()));
                out.println("Token " + t.name() + " revoked.");
            }
        }
        return 0;
    }

    /** Exits 1 when the commit's .lurch is invalid (a failed run then holds the errors). */
    private int build(Build b) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", b.ref());
        body.put("sha", b.sha());
        Map<String, Object> answer = object(api.postJson("/api/repos/" + ApiClient.encode(b.repo()) + "/builds", body));
        Object commit = answer.get("commit");
        switch (String.valueOf(answer.get("outcome"))) {
            case "started" -> out.println("Repository " + b.repo() + ": building " + commit + " as run #"
                    + answer.get("run") + ".");
            case "skipped" -> out.println("Repository " + b.repo() + ": nothing to build at " + commit + ": "
                    + answer.get("message"));
            default -> throw new CliFailure("repository " + b.repo() + ": " + answer.get("message") + " (run #"
                    + answer.get("run") + " failed)");
        }
        return 0;
    }

    private ScheduleCommands schedules() {
        return new ScheduleCommands(api, formats, out);
    }

    private void programs() {
        List<Object> programs = list(api.getJson("/api/programs"));
        out.println(Formats.PROGRAMS_HEADER);
        programs.forEach(p -> out.println(formats.programRow(object(p))));
    }

    private void runs(ListRuns r) {
        String query = "/api/runs?limit=" + r.count()
                + (r.program() == null ? "" : "&program=" + ApiClient.encode(r.program()));
        List<Object> runs = list(api.getJson(query));
        out.println(Formats.RUNS_HEADER);
        runs.forEach(run -> out.println(formats.runRow(object(run))));
    }

    /** A git-started run's repository, ref, commit (and its page), author and message, then the tree. */
    private void show(long id) {
        Map<String, Object> answer = object(api.getJson(run(id)));
        if (answer.get("git") != null) {
            formats.gitHeader(object(answer.get("git"))).forEach(out::println);
        }
        List<Object> tree = list(answer.get("tree"));
        Instant now = Instant.now();
        // the worker column only when a run of the tree ran on one: a tree the server ran alone shows as always
        boolean onWorkers = tree.stream().anyMatch(r -> object(r).get("worker") != null);
        out.println(Formats.TREE_HEADER + (onWorkers ? Formats.WORKER_COLUMN : ""));
        tree.forEach(r -> out.println(formats.treeRow(object(r), now, onWorkers)));
    }

    private void logs(Logs l) throws IOException {
        try (InputStream lines = api.stream(run(l.run()) + "/log.txt?prefix=run-time" + (l.follow() ? "&follow=true" : ""))) {
            out.println(Formats.LOGS_HEADER);
            lines.transferTo(out);
        }
        out.flush();
    }

    /** Long-polls until the run has ended; exits with its exit code, 255 for Lurch's negative ones. */
    private int await(long id) {
        Map<String, Object> run = object(api.getJson(run(id)));
        while (!FINAL_STATUSES.contains(String.valueOf(run.get("status")))) {
            run = object(api.getJson(run(id) + "?wait=60"));
        }
        Object exitCode = run.get("exit_code");
        out.println("Run #" + id + ": " + run.get("status") + " (exit code " + Formats.value(exitCode) + ")");
        return exitCode instanceof Number n && n.intValue() >= 0 && n.intValue() <= 255 ? n.intValue() : 255;
    }

    private String readStdin() throws IOException {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    }

    static String withoutTrailingNewline(String value) {
        String stripped = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        return stripped.endsWith("\r") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    static String program(String name) {
        return "/api/programs/" + ApiClient.encode(name);
    }

    private static String secret(String program, String name) {
        return program(program) + "/secrets/" + ApiClient.encode(name);
    }

    private static String run(long id) {
        return "/api/runs/" + id;
    }
}

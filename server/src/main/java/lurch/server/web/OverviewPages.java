package lurch.server.web;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.Prompt;
import lurch.db.PromptStore;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.server.api.GitData;

/**
 * The pages that look across programs: {@code /} (programs with their last outcome, what runs now, what waits
 * for a person, recent webhook deliveries), {@code /approvals} and {@code /repos}.
 */
final class OverviewPages implements HttpService {

    static final int DELIVERIES_SHOWN = 20;
    /** How many of the newest top runs the recent builds are found among. */
    private static final int BUILDS_LOOKED_AT = 10;

    /** A run waiting for a person, with the question asked (null while the engine has not stored it yet). */
    public record Waiting(Run run, Prompt prompt) {}

    private final ProgramStore programs;
    private final RunStore runs;
    private final PromptStore prompts;
    private final ForgeActivity forge;
    private final Pages pages;

    OverviewPages(ProgramStore programs, RunStore runs, PromptStore prompts, ForgeActivity forge, Pages pages) {
        this.programs = programs;
        this.runs = runs;
        this.prompts = prompts;
        this.forge = forge;
        this.pages = pages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::dashboard)
                .get("/approvals", this::approvals)
                .get("/repos", this::repos);
    }

    private void dashboard(ServerRequest req, ServerResponse res) {
        pages.render(req, res, "dashboard", Map.of(
                "programs", programs.list(),
                "builds", recentBuilds(),
                "running", runs.unfinished().stream().filter(Run::isTop).toList(),
                "waiting", waiting(),
                "forge", forge,
                "deliveries", forge.recentDeliveries(DELIVERIES_SHOWN)));
    }

    private void approvals(ServerRequest req, ServerResponse res) {
        pages.render(req, res, "approvals", Map.of("waiting", waiting()));
    }

    private void repos(ServerRequest req, ServerResponse res) {
        pages.render(req, res, "repos", Map.of("forge", forge, "repositories", forge.repositories(),
                "deliveries", forge.recentDeliveries(DELIVERIES_SHOWN)));
    }

    /** A git-started top run and its git data, for the dashboard's recent builds. */
    record GitBuild(Run run, Map<String, String> git) {
        public String shortCommit() {
            String commit = git.getOrDefault("commit", "");
            return commit.length() > 7 ? commit.substring(0, 7) : commit;
        }

        /** The first line of the commit message. */
        public String subject() {
            return git.getOrDefault("message", "").lines().findFirst().orElse("");
        }
    }

    /** The git-started ones among the newest top runs. */
    private List<GitBuild> recentBuilds() {
        return runs.topRuns(null, BUILDS_LOOKED_AT).stream()
                .map(run -> new GitBuild(run, GitData.of(runs.data(run.id()))))
                .filter(build -> !build.git().isEmpty())
                .toList();
    }

    /** Every run waiting for a person, across programs, with its open prompt. */
    private List<Waiting> waiting() {
        Map<Long, Prompt> open = prompts.open().stream()
                .collect(java.util.stream.Collectors.toMap(Prompt::runId, p -> p));
        return runs.waitingForPeople().stream()
                .map(run -> new Waiting(run, open.get(run.id()))).toList();
    }
}

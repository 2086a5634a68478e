package lurch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static CliCommand parse(String... args) {
        return CommandLine.parse(args[0], List.of(args).subList(1, args.length));
    }

    private static UsageException usageError(String... args) {
        return assertThrows(UsageException.class, () -> parse(args));
    }

    @Test
    void startTakesVariableAssignmentsInOrder() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("x", "1");
        vars.put("msg", "a=b c");
        assertEquals(new CliCommand.Start("test chroot", vars), parse("start", "test chroot", "x=1", "msg=a=b c"));
    }

    @Test
    void startRejectsAnArgumentWithoutEquals() {
        UsageException e = usageError("start", "hello", "oops");
        assertEquals("expected VAR=VALUE, not 'oops'", e.getMessage());
        assertEquals("lurch start NAME [VAR=VALUE...]", e.synopsis());
    }

    @Test
    void runsTakesAnOptionalNameAndCountInAnyOrder() {
        assertEquals(new CliCommand.ListRuns(null, 20), parse("runs"));
        assertEquals(new CliCommand.ListRuns("hello", 10), parse("runs", "-n", "10", "hello"));
        assertEquals(new CliCommand.ListRuns("hello", 3), parse("runs", "hello", "-n", "3"));
    }

    @Test
    void runsRejectsABadCount() {
        assertEquals("-n COUNT must be a whole number from 1 to 1000, not 'ten'", usageError("runs", "-n", "ten").getMessage());
        assertEquals("-n COUNT must be a whole number from 1 to 1000, not '0'", usageError("runs", "-n", "0").getMessage());
        assertEquals("option -n needs a value", usageError("runs", "-n").getMessage());
    }

    @Test
    void artifactRerunAndGcSubcommands() {
        assertEquals(new CliCommand.ListArtifacts(4), parse("artifacts", "4"));
        assertEquals(new CliCommand.Download(4, "dist/a.txt", null), parse("download", "4", "dist/a.txt"));
        assertEquals(new CliCommand.Download(4, "a.txt", "out.txt"), parse("download", "-o", "out.txt", "4", "a.txt"));
        assertEquals(new CliCommand.Rerun(4), parse("rerun", "#4"));
        assertEquals(new CliCommand.CollectGarbage(), parse("gc"));
        assertEquals("missing argument", usageError("download", "4").getMessage());
        assertEquals("lurch download RUN PATH [-o FILE]", usageError("download", "4").synopsis());
        assertEquals("RUN must be a run number, not 'x'", usageError("rerun", "x").getMessage());
        assertEquals("lurch gc", usageError("gc", "now").synopsis());
        assertEquals(new CliCommand.ListWorkers(), parse("workers"));
        assertEquals("lurch workers", usageError("workers", "all").synopsis());
    }

    @Test
    void runNumbersMustBePositive() {
        assertEquals(new CliCommand.Show(12), parse("show", "#12"));
        assertEquals("RUN must be a run number, not 'abc'", usageError("show", "abc").getMessage());
        assertEquals("RUN must be a run number, not '0'", usageError("wait", "0").getMessage());
    }

    @Test
    void missingAndExtraArgumentsAreUsageErrors() {
        assertEquals("missing argument", usageError("export").getMessage());
        assertEquals("unexpected argument 'b'", usageError("cancel", "1", "b").getMessage());
        assertEquals("unknown option -x", usageError("logs", "1", "-x").getMessage());
        assertEquals("unknown subcommand 'frobnicate'", usageError("frobnicate").getMessage());
    }

    @Test
    void approveAndLogsOptions() {
        assertEquals(new CliCommand.Approve(4, true, null), parse("approve", "4"));
        assertEquals(new CliCommand.Approve(4, false, "not today"), parse("approve", "4", "--reject", "-m", "not today"));
        assertEquals(new CliCommand.Logs(7, true), parse("logs", "-f", "7"));
        assertEquals(new CliCommand.Answer(7, "-1"), parse("answer", "7", "--", "-1"));
    }

    @Test
    void secretSubcommands() {
        assertEquals(new CliCommand.SetSecret("p", "TOKEN"), parse("secret", "set", "p", "TOKEN"));
        assertEquals(new CliCommand.RemoveSecret("p", "TOKEN"), parse("secret", "rm", "p", "TOKEN"));
        assertEquals("expected 'set' or 'rm', not 'get'", usageError("secret", "get", "p", "TOKEN").getMessage());
    }

    @Test
    void tokenSubcommandsAndThePullRequestPolicy() {
        assertEquals(new CliCommand.AddToken("laptop", "admin"), parse("token", "add", "laptop"));
        assertEquals(new CliCommand.AddToken("dash", "viewer"), parse("token", "add", "dash", "--role", "viewer"));
        assertEquals("--role must be admin or viewer, not 'root'",
                usageError("token", "add", "dash", "--role", "root").getMessage());
        assertEquals(new CliCommand.ListTokens(), parse("token", "list"));
        assertEquals(new CliCommand.RemoveToken("laptop"), parse("token", "rm", "laptop"));
        assertEquals("expected 'add', 'list' or 'rm', not 'show'", usageError("token", "show", "x").getMessage());
        assertEquals(new CliCommand.AddRepo("o/r", "file:///r", "s", null, null, null, false, "off", null, null),
                parse("repo", "add", "o/r", "--url", "file:///r", "--secret", "s", "--pull-requests", "off"));
        assertEquals("--pull-requests must be off, approve or on, not 'yes'", usageError("repo", "add", "o/r", "--url",
                "file:///r", "--secret", "s", "--pull-requests", "yes").getMessage());
    }

    @Test
    void repoAddTakesOneForgesTokenAndUrlAndTheBranchFilter() {
        assertEquals(new CliCommand.AddRepo("o/r", "https://git.example.org/o/r.git", "s", "gitea", "T",
                        "https://git.example.org", false, null, "main,release/*", false),
                parse("repo", "add", "o/r", "--url", "https://git.example.org/o/r.git", "--secret", "s",
                        "--gitea-token", "T", "--gitea-url", "https://git.example.org", "--branches", "main,release/*",
                        "--tags", "off"));
        assertEquals("give the token of one forge, not --github-token and --gitea-token", usageError("repo", "add",
                "o/r", "--url", "file:///r", "--secret", "s", "--github-token", "a", "--gitea-token", "b").getMessage());
        assertEquals("--gitea-url goes with --gitea-token", usageError("repo", "add", "o/r", "--url", "file:///r",
                "--secret", "s", "--gitea-url", "https://git.example.org").getMessage());
        assertEquals("--tags must be on or off, not 'yes'", usageError("repo", "add", "o/r", "--url", "file:///r",
                "--secret", "s", "--tags", "yes").getMessage());
    }

    @Test
    void notifySubcommands() {
        assertEquals(new CliCommand.AddNotify("deploy", "https://chat.example.org/h", "k", "always"),
                parse("notify", "add", "deploy", "https://chat.example.org/h", "--secret", "k", "--on", "always"));
        assertEquals(new CliCommand.AddNotify("deploy", "https://chat.example.org/h", null, null),
                parse("notify", "add", "deploy", "https://chat.example.org/h"));
        assertEquals(new CliCommand.ListNotify(), parse("notify", "list"));
        assertEquals(new CliCommand.RemoveNotify("deploy", "https://chat.example.org/h"),
                parse("notify", "rm", "deploy", "https://chat.example.org/h"));
        assertEquals("--on must be failure or always, not 'never'", usageError("notify", "add", "deploy",
                "https://chat.example.org/h", "--on", "never").getMessage());
    }

    @Test
    void usageListsEverySubcommandOfTheContract() {
        String usage = Cli.usage();
        for (String sub : List.of("serve", "check FILE", "fmt FILE", "programs", "import NAME", "export NAME",
                "start NAME", "runs [NAME] [-n COUNT]", "show RUN", "logs RUN [-f]", "wait RUN", "approve RUN",
                "answer RUN VALUE", "cancel RUN", "secret set", "secret rm", "repo add", "repo list", "repo rm",
                "build NAME", "user add NAME [--role admin|viewer]", "user list", "user rm NAME", "token add NAME", "token list", "token rm NAME", "--pull-requests", "--gitea-token",
                "--branches", "--tags", "notify add PROGRAM URL", "notify list", "notify rm PROGRAM URL", "workers")) {
            assertTrue(usage.contains("  " + sub) || usage.contains("| " + sub) || usage.contains("[" + sub),
                    () -> sub + " missing in\n" + usage);
        }
    }
}

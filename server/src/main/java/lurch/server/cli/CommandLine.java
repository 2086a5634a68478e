package lurch.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lurch.hooks.webhook.Forge;

/** The CLI's subcommands: their synopses (for --help and usage errors) and parsing of their arguments. */
final class CommandLine {

    /** Every subcommand of the contract, including those Main runs itself, in the order --help lists them. */
    static final Map<String, String> SYNOPSES = synopses(
            "serve", "serve                                   run the server and executor",
            "worker", "worker                                  run isolates claimed from the PostgreSQL database of LURCH_DB_URL",
            "check", "check FILE                              validate a program file offline",
            "fmt", "fmt FILE                                print a program file in canonical form",
            "user", "user add NAME [--role admin|viewer] | user list | user rm NAME   web users (password on stdin)",
            "programs", "programs                                list programs",
            "import", "import NAME < FILE                      store a new version of a program (read on stdin)",
            "export", "export NAME                             print the latest version of a program",
            "start", "start NAME [VAR=VALUE...]               start a program, answering its lets upfront",
            "runs", "runs [NAME] [-n COUNT]                  list the latest top runs (20 by default)",
            "show", "show RUN                                show the tree of a run",
            "logs", "logs RUN [-f]                           print the output of a run and below; -f follows it",
            "wait", "wait RUN                                wait for a run to end; exit with its exit code",
            "approve", "approve RUN [--reject] [-m MSG]         settle a waiting approval",
            "answer", "answer RUN VALUE                        give the value a waiting let asks for",
            "cancel", "cancel RUN                              cancel a run and everything below it",
            "secret", "secret set PROGRAM NAME < VALUE | secret rm PROGRAM NAME   set or remove a secret",
            "repo", "repo add NAME --url URL --secret S [--github-token T | --gitlab-token T | --gitea-token T [--gitea-url URL]] [--branches GLOBS] [--tags on|off] [--cancel-previous] [--pull-requests off|approve|on] | repo list | repo rm NAME",
            "token", "token add NAME [--role admin|viewer] | token list | token rm NAME   make (printed once), list or revoke API tokens",
            "build", "build NAME [--ref REF | --sha SHA]      build a registered repository by hand",
            "schedule", "schedule set NAME \"CRON\" [VAR=VALUE...] | schedule list | schedule rm NAME   start a program on a schedule",
            "timeout", "timeout NAME SECONDS                    set a program's whole-run timeout (0 = none)",
            "artifacts", "artifacts RUN                           list the files a run kept",
            "download", "download RUN PATH [-o FILE]             print (or save to FILE) a file a run kept",
            "rerun", "rerun RUN                               start a run again: same version, answers and git data",
            "gc", "gc                                      apply retention now, printing what it removed",
            "notify", "notify add PROGRAM URL [--secret S] [--on failure|always] | notify list | notify rm PROGRAM URL",
            "workers", "workers                                 list the workers, their states and last heartbeats");

    /** Options of {@code repo add}: its own and, per forge, {@code --ID-token} and {@code --ID-url}. */
    private static final Set<String> REPO_OPTIONS = Stream.concat(
            Stream.of("--url", "--secret", "--pull-requests", "--branches", "--tags"),
            Forge.ALL.stream().flatMap(forge -> Stream.of("--" + forge.id() + "-token", "--" + forge.id() + "-url")))
            .collect(Collectors.toUnmodifiableSet());

    private CommandLine() {}

    static String usage() {
        StringBuilder text = new StringBuilder("usage: lurch SUBCOMMAND [ARGS...]\n\nsubcommands:\n");
        SYNOPSES.values().forEach(s -> text.append("  ").append(s).append('\n'));
        return text.append("\nConfiguration comes from LURCH_* environment variables or --LURCH_*=VALUE flags.\n")
                .toString();
    }

    static String synopsis(String subcommand) {
        String line = SYNOPSES.get(subcommand);
        return "lurch " + (line == null ? "SUBCOMMAND [ARGS...]" : line.replaceAll(" {3,}.*", ""));
    }

    static CliCommand parse(String subcommand, List<String> args) {
        String synopsis = synopsis(subcommand);
        return switch (subcommand) {
            case "programs" -> {
                plain(args, synopsis, 0, 0);
                yield new CliCommand.ListPrograms();
            }
            case "import" -> new CliCommand.Import(plain(args, synopsis, 1, 1).positional(0));
            case "export" -> new CliCommand.Export(plain(args, synopsis, 1, 1).positional(0));
            case "start" -> start(plain(args, synopsis, 1, Integer.MAX_VALUE));
            case "runs" -> runs(new Arguments(args, synopsis, Set.of(), Set.of("-n")).count(0, 1));
            case "show" -> new CliCommand.Show(plain(args, synopsis, 1, 1).run(0));
            case "logs" -> {
                Arguments a = new Arguments(args, synopsis, Set.of("-f", "--follow"), Set.of()).count(1, 1);
                yield new CliCommand.Logs(a.run(0), a.flag("-f") || a.flag("--follow"));
            }
            case "wait" -> new CliCommand.Wait(plain(args, synopsis, 1, 1).run(0));
            case "approve" -> {
                Arguments a = new Arguments(args, synopsis, Set.of("--reject"), Set.of("-m")).count(1, 1);
                yield new CliCommand.Approve(a.run(0), !a.flag("--reject"), a.option("-m"));
            }
            case "answer" -> {
                Arguments a = plain(args, synopsis, 2, 2);
                yield new CliCommand.Answer(a.run(0), a.positional(1));
            }
            case "cancel" -> new CliCommand.Cancel(plain(args, synopsis, 1, 1).run(0));
            case "secret" -> secret(plain(args, synopsis, 3, 3));
            case "repo" -> repo(new Arguments(args, synopsis, Set.of("--cancel-previous"), REPO_OPTIONS).count(1, 2));
            case "notify" -> notify(new Arguments(args, synopsis, Set.of(), Set.of("--secret", "--on")).count(1, 3));
            case "token" -> token(new Arguments(args, synopsis, Set.of(), Set.of("--role")).count(1, 2));
            case "build" -> {
                Arguments a = new Arguments(args, synopsis, Set.of(), Set.of("--ref", "--sha")).count(1, 1);
                if (a.option("--ref") != null && a.option("--sha") != null) {
                    throw a.usage("give --ref or --sha, not both");
                }
                yield new CliCommand.Build(a.positional(0), a.option("--ref"), a.option("--sha"));
            }
            case "schedule" -> schedule(plain(args, synopsis, 1, Integer.MAX_VALUE));
            case "timeout" -> timeout(plain(args, synopsis, 2, 2));
            case "artifacts" -> new CliCommand.ListArtifacts(plain(args, synopsis, 1, 1).run(0));
            case "download" -> {
                Arguments a = new Arguments(args, synopsis, Set.of(), Set.of("-o")).count(2, 2);
                yield new CliCommand.Download(a.run(0), a.positional(1), a.option("-o"));
            }
            case "rerun" -> new CliCommand.Rerun(plain(args, synopsis, 1, 1).run(0));
            case "gc" -> {
                plain(args, synopsis, 0, 0);
                yield new CliCommand.CollectGarbage();
            }
            case "workers" -> {
                plain(args, synopsis, 0, 0);
                yield new CliCommand.ListWorkers();
            }
            default -> throw new UsageException("unknown subcommand '" + subcommand + "'", synopsis);
        };
    }

    private static Arguments plain(List<String> args, String synopsis, int min, int max) {
        return new Arguments(args, synopsis, Set.of(), Set.of()).count(min, max);
    }

    private static CliCommand start(Arguments a) {
        return new CliCommand.Start(a.positional(0), vars(a, 1));
    }

    /** The VAR=VALUE arguments from position {@code from} on. */
    private static Map<String, String> vars(Arguments a, int from) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String assignment : a.positionals().subList(from, a.positionals().size())) {
            int equals = assignment.indexOf('=');
            if (equals < 1) {
                throw a.usage("expected VAR=VALUE, not '" + assignment + "'");
            }
            vars.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
        return vars;
    }

    private static CliCommand schedule(Arguments a) {
        String action = a.positional(0);
        return switch (action) {
            case "set" -> {
                a.count(3, Integer.MAX_VALUE);
                yield new CliCommand.SetSchedule(a.positional(1), a.positional(2), vars(a, 3));
            }
            case "list" -> {
                a.count(1, 1);
                yield new CliCommand.ListSchedules();
            }
            case "rm" -> new CliCommand.RemoveSchedule(a.count(2, 2).positional(1));
            default -> throw a.usage("expected 'set', 'list' or 'rm', not '" + action + "'");
        };
    }

    private static CliCommand timeout(Arguments a) {
        String raw = a.positional(1);
        long seconds = raw.matches("\\d{1,10}") ? Long.parseLong(raw) : -1;
        if (seconds < 0) {
            throw a.usage("SECONDS must be a whole number of seconds (0 = none), not '" + raw + "'");
        }
        return new CliCommand.SetTimeout(a.positional(0), seconds);
    }

    private static CliCommand runs(Arguments a) {
        String raw = a.option("-n");
        int count = 20;
        if (raw != null) {
            try {
                count = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > 1000) {
                throw a.usage("-n COUNT must be a whole number from 1 to 1000, not '" + raw + "'");
            }
        }
        return new CliCommand.ListRuns(a.positional(0), count);
    }

    private static CliCommand secret(Arguments a) {
        return switch (a.positional(0)) {
            case "set" -> new CliCommand.SetSecret(a.positional(1), a.positional(2));
            case "rm" -> new CliCommand.RemoveSecret(a.positional(1), a.positional(2));
            default -> throw a.usage("expected 'set' or 'rm', not '" + a.positional(0) + "'");
        };
    }

    private static CliCommand repo(Arguments a) {
        String action = a.positional(0);
        return switch (action) {
            case "list" -> {
                a.count(1, 1);
                yield new CliCommand.ListRepos();
            }
            case "rm" -> new CliCommand.RemoveRepo(a.count(2, 2).positional(1));
            case "add" -> addRepo(a.count(2, 2));
            default -> throw a.usage("expected 'add', 'list' or 'rm', not '" + action + "'");
        };
    }

    private static CliCommand addRepo(Arguments a) {
        if (a.option("--url") == null || a.option("--secret") == null) {
            throw a.usage("repo add needs --url URL and --secret SECRET");
        }
        Forge forge = null;
        for (Forge candidate : Forge.ALL) {
            String tokenOption = "--" + candidate.id() + "-token";
            if (a.option("--" + candidate.id() + "-url") != null && a.option(tokenOption) == null) {
                throw a.usage("--" + candidate.id() + "-url goes with " + tokenOption);
            }
            if (a.option(tokenOption) != null) {
                if (forge != null) {
                    throw a.usage("give the token of one forge, not --" + forge.id() + "-token and " + tokenOption);
                }
                forge = candidate;
            }
        }
        String pullRequests = a.option("--pull-requests");
        if (pullRequests != null && !Set.of("off", "approve", "on").contains(pullRequests)) {
            throw a.usage("--pull-requests must be off, approve or on, not '" + pullRequests + "'");
        }
        String tags = a.option("--tags");
        if (tags != null && !Set.of("on", "off").contains(tags)) {
            throw a.usage("--tags must be on or off, not '" + tags + "'");
        }
        return new CliCommand.AddRepo(a.positional(1), a.option("--url"), a.option("--secret"),
                forge == null ? null : forge.id(), forge == null ? null : a.option("--" + forge.id() + "-token"),
                forge == null ? null : a.option("--" + forge.id() + "-url"), a.flag("--cancel-previous"),
                pullRequests, a.option("--branches"), tags == null ? null : tags.equals("on"));
    }

    private static CliCommand notify(Arguments a) {
        String action = a.positional(0);
        return switch (action) {
            case "list" -> {
                a.count(1, 1);
                yield new CliCommand.ListNotify();
            }
            case "rm" -> new CliCommand.RemoveNotify(a.count(3, 3).positional(1), a.positional(2));
            case "add" -> {
                a.count(3, 3);
                String on = a.option("--on");
                if (on != null && !Set.of("failure", "always").contains(on)) {
                    throw a.usage("--on must be failure or always, not '" + on + "'");
                }
                yield new CliCommand.AddNotify(a.positional(1), a.positional(2), a.option("--secret"), on);
            }
            default -> throw a.usage("expected 'add', 'list' or 'rm', not '" + action + "'");
        };
    }

    private static CliCommand token(Arguments a) {
        String action = a.positional(0);
        return switch (action) {
            case "list" -> {
                a.count(1, 1);
                yield new CliCommand.ListTokens();
            }
            case "add" -> {
                String role = a.count(2, 2).option("--role");
                if (role != null && !Set.of("admin", "viewer").contains(role)) {
                    throw a.usage("--role must be admin or viewer, not '" + role + "'");
                }
                yield new CliCommand.AddToken(a.positional(1), role == null ? "admin" : role);
            }
            case "rm" -> new CliCommand.RemoveToken(a.count(2, 2).positional(1));
            default -> throw a.usage("expected 'add', 'list' or 'rm', not '" + action + "'");
        };
    }

    private static Map<String, String> synopses(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}

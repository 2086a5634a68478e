package lurch.server.cli;

import java.util.Map;

/** A parsed CLI subcommand that talks to the server, with its arguments checked. */
sealed interface CliCommand {

    record ListPrograms() implements CliCommand {}

    record Import(String program) implements CliCommand {}

    record Export(String program) implements CliCommand {}

    record Start(String program, Map<String, String> vars) implements CliCommand {}

    /** {@code program} null for the runs of every program. */
    record ListRuns(String program, int count) implements CliCommand {}

    record Show(long run) implements CliCommand {}

    record Logs(long run, boolean follow) implements CliCommand {}

    record Wait(long run) implements CliCommand {}

    record Approve(long run, boolean approve, String message) implements CliCommand {}

    record Answer(long run, String value) implements CliCommand {}

    record Cancel(long run) implements CliCommand {}

    record SetSecret(String program, String name) implements CliCommand {}

    record RemoveSecret(String program, String name) implements CliCommand {}

    /** {@code gitHubToken} and {@code gitLabToken}: at most one is set; {@code pullRequests} null for the default. */
    record AddRepo(String name, String url, String secret, String gitHubToken, String gitLabToken,
                   boolean cancelPrevious, String pullRequests) implements CliCommand {}

    record ListRepos() implements CliCommand {}

    record RemoveRepo(String name) implements CliCommand {}

    /** {@code role}: admin or viewer. */
    record AddToken(String name, String role) implements CliCommand {}

    record ListTokens() implements CliCommand {}

    record RemoveToken(String name) implements CliCommand {}

    /** {@code ref} and {@code sha}: at most one is set; neither builds main. */
    record Build(String repo, String ref, String sha) implements CliCommand {}
}

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

    /**
     * {@code forge}: the id of the forge whose {@code --ID-token} was given, else null (then {@code token} and
     * {@code apiUrl} are null too); {@code pullRequests}, {@code branches} and {@code tags} null for the defaults.
     */
    record AddRepo(String name, String url, String secret, String forge, String token, String apiUrl,
                   boolean cancelPrevious, String pullRequests, String branches, Boolean tags) implements CliCommand {}

    record ListRepos() implements CliCommand {}

    record RemoveRepo(String name) implements CliCommand {}

    /** {@code role}: admin or viewer. */
    record AddToken(String name, String role) implements CliCommand {}

    /** {@code secret} null for unsigned POSTs, {@code on} null for the default ({@code failure}). */
    record AddNotify(String program, String url, String secret, String on) implements CliCommand {}

    record ListNotify() implements CliCommand {}

    record RemoveNotify(String program, String url) implements CliCommand {}

    record ListTokens() implements CliCommand {}

    record RemoveToken(String name) implements CliCommand {}

    record ListArtifacts(long run) implements CliCommand {}

    /** {@code outputFile} null for standard output. */
    record Download(long run, String path, String outputFile) implements CliCommand {}

    record Rerun(long run) implements CliCommand {}

    record CollectGarbage() implements CliCommand {}

    record ListWorkers() implements CliCommand {}

    /** {@code ref} and {@code sha}: at most one is set; neither builds main. */
    record Build(String repo, String ref, String sha) implements CliCommand {}

    /** {@code vars} answer the program's lets in every scheduled run. */
    record SetSchedule(String program, String cron, Map<String, String> vars) implements CliCommand {}

    record ListSchedules() implements CliCommand {}

    record RemoveSchedule(String program) implements CliCommand {}

    /** {@code seconds} 0 for none. */
    record SetTimeout(String program, long seconds) implements CliCommand {}
}

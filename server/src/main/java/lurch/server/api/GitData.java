package lurch.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The git data of a git-started run as it is shown (API, CLI, pages, notifications): its {@code git_*} key-value data
 * without the prefix, in a fixed order, plus {@code commit_url}, the commit's web page when the clone URL is an
 * http(s) one ({@code .../owner/repo/commit/SHA}, which GitHub, GitLab and Gitea all serve). Empty for other runs.
 */
public final class GitData {
    private static final String PREFIX = "git_";
    private static final String[] ORDER = {"repo", "ref", "branch", "commit", "commit_url", "author", "message", "url"};

    private GitData() {}

    public static Map<String, String> of(Map<String, String> runData) {
        Map<String, String> git = new LinkedHashMap<>();
        runData.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                git.put(key.substring(PREFIX.length()), value);
            }
        });
        if (git.isEmpty()) {
            return git;
        }
        String url = git.getOrDefault("url", "");
        String commit = git.getOrDefault("commit", "");
        if ((url.startsWith("https://") || url.startsWith("http://")) && commit.matches("[0-9a-f]{7,64}")) {
            git.put("commit_url", (url.endsWith(".git") ? url.substring(0, url.length() - 4) : url)
                    + "/commit/" + commit);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : ORDER) {
            if (git.containsKey(key)) {
                ordered.put(key, git.remove(key));
            }
        }
        ordered.putAll(git);
        return ordered;
    }
}

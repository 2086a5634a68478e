package lurch.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import lurch.server.engine.EngineSettings;
import lurch.server.retention.Retention;
import lurch.hooks.webhook.Forge;

/**
 * The contract's configuration: environment variables, each overridable by a CLI flag of the same
 * name ({@code --LURCH_PORT=9000} or {@code --LURCH_PORT 9000}).
 */
public record Config(Map<String, String> values) {

    public static Config of(Map<String, String> env, Map<String, String> flags) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(flags);
        return new Config(Map.copyOf(merged));
    }

    public String get(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public Path home() {
        return Path.of(get("LURCH_HOME", Path.of(System.getProperty("user.home"), ".lurch").toString()));
    }

    public String bind() {
        return get("LURCH_BIND", "127.0.0.1");
    }

    public int port() {
        return integer("LURCH_PORT", 8080);
    }

    /** Per forge its API base: {@code LURCH_<ID>_API_URL}, else the forge's default (absent when it has none). */
    public Map<Forge, String> forgeApiUrls() {
        Map<Forge, String> urls = new HashMap<>();
        for (Forge forge : Forge.ALL) {
            String url = get("LURCH_" + forge.id().toUpperCase(Locale.ROOT) + "_API_URL", forge.defaultApiUrl());
            if (url != null) {
                urls.put(forge, url);
            }
        }
        return urls;
    }

    /** Where the CLI finds the server. */
    public String url() {
        return get("LURCH_URL", "http://127.0.0.1:" + port());
    }

    public String publicUrl() {
        return get("LURCH_PUBLIC_URL", "http://" + bind() + ":" + port());
    }

    /** Cookies are sent over https only when the server is reached through https. */
    public boolean secureCookies() {
        return publicUrl().toLowerCase(java.util.Locale.ROOT).startsWith("https://");
    }

    public String dbUrl() {
        return get("LURCH_DB_URL", null);
    }

    public String dbUser() {
        return get("LURCH_DB_USER", "");
    }

    public String dbPassword() {
        return get("LURCH_DB_PASSWORD", "");
    }

    /** Whether web pages may be viewed without logging in (changes always need a login). */
    public boolean publicView() {
        String value = get("LURCH_PUBLIC_VIEW", "false").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("LURCH_PUBLIC_VIEW must be true or false, not '" + value + "'");
        };
    }

    public int maxProcesses() {
        return integer("LURCH_MAX_PROCS", 2 * Runtime.getRuntime().availableProcessors());
    }

    public int spawnRateLimit() {
        return integer("LURCH_SPAWN_RATE_LIMIT", 100);
    }

    /**
     * LURCH_MIN_FREE_BYTES: below this much free space under LURCH_HOME, Lurch takes no changes and stores no
     * process output, so that the database is never written into a full disk.
     */
    public long minFreeBytes() {
        long bytes = bytes("LURCH_MIN_FREE_BYTES", 256L << 20);
        if (bytes < 0) {
            throw new IllegalArgumentException("LURCH_MIN_FREE_BYTES must be 0 or more, not " + bytes);
        }
        return bytes;
    }

    /** LURCH_HOOK_MAX_BYTES: the largest webhook body; larger ones get 413 unread. */
    public int hookMaxBytes() {
        long bytes = bytes("LURCH_HOOK_MAX_BYTES", 10L << 20);
        if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("LURCH_HOOK_MAX_BYTES must be from 1 byte to 2G, not " + bytes);
        }
        return (int) bytes;
    }

    /** LURCH_RUN_TIMEOUT: the default whole-run timeout; null (none) when unset or 0. */
    public java.time.Duration runTimeout() {
        int seconds = integer("LURCH_RUN_TIMEOUT", 0);
        if (seconds < 0) {
            throw new IllegalArgumentException("LURCH_RUN_TIMEOUT must be a number of seconds (0 = none), not " + seconds);
        }
        return seconds == 0 ? null : java.time.Duration.ofSeconds(seconds);
    }

    /** LURCH_TIMEZONE: the time zone of schedules and {@code wait}; the server's own when unset. */
    public java.time.ZoneId timeZone() {
        String value = get("LURCH_TIMEZONE", null);
        if (value == null || value.isBlank()) {
            return java.time.ZoneId.systemDefault();
        }
        try {
            return java.time.ZoneId.of(value.trim());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("LURCH_TIMEZONE must be a time zone such as Europe/Paris or UTC, not '"
                    + value + "'");
        }
    }

    /** LURCH_ARTIFACT_LIMIT: artifact bytes kept per top run. */
    public long artifactLimit() {
        long bytes = bytes("LURCH_ARTIFACT_LIMIT", EngineSettings.DEFAULT_ARTIFACT_LIMIT);
        if (bytes < 0) {
            throw new IllegalArgumentException("LURCH_ARTIFACT_LIMIT must not be negative, not " + bytes);
        }
        return bytes;
    }

    /** LURCH_LOCAL_ISOLATES: whether {@code serve} runs isolates itself ({@code off}: only workers do). */
    public boolean localIsolates() {
        String value = get("LURCH_LOCAL_ISOLATES", "on").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("LURCH_LOCAL_ISOLATES must be on or off, not '" + value + "'");
        };
    }

    /** LURCH_WORKER_NAME: a worker's name, the host name by default. */
    public String workerName() {
        String fallback;
        try {
            fallback = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            fallback = "worker";
        }
        return get("LURCH_WORKER_NAME", fallback);
    }

    /** LURCH_WORKER_LEASE: how long a worker may go without a heartbeat before it is lost. */
    public java.time.Duration workerLease() {
        int seconds = integer("LURCH_WORKER_LEASE", 30);
        if (seconds < 1) {
            throw new IllegalArgumentException("LURCH_WORKER_LEASE must be a number of seconds, 1 or more, not " + seconds);
        }
        return java.time.Duration.ofSeconds(seconds);
    }

    /** LURCH_KEEP_RUNS and LURCH_KEEP_DAYS: what retention keeps. */
    public Retention.Settings retention() {
        return new Retention.Settings(integer("LURCH_KEEP_RUNS", Retention.Settings.DEFAULT_RUNS),
                integer("LURCH_KEEP_DAYS", Retention.Settings.DEFAULT_DAYS));
    }

    /** A size in bytes: a whole number, optionally with K, M or G (powers of 1024). */
    public long bytes(String name, long fallback) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        String text = value.trim().toUpperCase(java.util.Locale.ROOT);
        int shift = text.endsWith("K") ? 10 : text.endsWith("M") ? 20 : text.endsWith("G") ? 30 : 0;
        try {
            return Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1)) << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of bytes, optionally with K, M or G, not '"
                    + value + "'");
        }
    }

    public int integer(String name, int fallback) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}

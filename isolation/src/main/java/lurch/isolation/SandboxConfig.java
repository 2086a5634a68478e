package lurch.isolation;

import java.util.Map;

/**
 * How isolates are held in (see docs/operations.md, "Security model"): users inside a chroot isolate map to the host
 * uids and gids {@code uid .. uid+65535}; {@code chrootHostNetwork} lets chroot isolates use the host's
 * network instead of a loopback of their own; {@code dockerNetwork} names the Docker network of containers
 * (null: Docker's default bridge); {@code limits} bound every isolate.
 */
public record SandboxConfig(int uid, boolean chrootHostNetwork, String dockerNetwork, Limits limits) {

    /** How many uids (and gids) an isolate has: root is the first, nobody (65534) among them. */
    public static final int IDS = 65536;
    static final int DEFAULT_UID = 100_000;

    public SandboxConfig {
        if (uid < 1 || (long) uid + IDS > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LURCH_SANDBOX_UID must leave room for " + IDS + " ids above 0, not " + uid);
        }
    }

    /** {@code LURCH_SANDBOX_UID}, {@code LURCH_CHROOT_NETWORK}, {@code LURCH_DOCKER_NETWORK} and the limits. */
    static SandboxConfig fromEnvironment(Map<String, String> env) {
        String uid = env.get("LURCH_SANDBOX_UID");
        String chrootNetwork = env.getOrDefault("LURCH_CHROOT_NETWORK", "none").strip();
        if (!chrootNetwork.equals("none") && !chrootNetwork.equals("host") && !chrootNetwork.isEmpty()) {
            throw new IllegalArgumentException("LURCH_CHROOT_NETWORK must be none or host, not '" + chrootNetwork + "'");
        }
        String dockerNetwork = env.get("LURCH_DOCKER_NETWORK");
        try {
            return new SandboxConfig(uid == null || uid.isBlank() ? DEFAULT_UID : Integer.parseInt(uid.strip()),
                    chrootNetwork.equals("host"), dockerNetwork == null || dockerNetwork.isBlank() ? null : dockerNetwork.strip(),
                    Limits.fromEnvironment(env));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LURCH_SANDBOX_UID must be a whole number, not '" + uid + "'");
        }
    }
}

package lurch.hooks.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a delivery comes from a forge that knows the repository's secret.
 *
 * <p>Comparisons are constant-time ({@link MessageDigest#isEqual}) so that response timing does not
 * reveal how much of a guessed signature was right. A missing or ill-formed header is simply invalid.
 */
public final class WebhookSignatures {
    private static final String SHA256_PREFIX = "sha256=";

    private WebhookSignatures() {
    }

    /** Whether {@code signatureHeader} ({@code X-Hub-Signature-256}) is the HMAC of {@code body} under {@code secret}. */
    public static boolean validGitHub(String secret, byte[] body, String signatureHeader) {
        if (secret == null || secret.isEmpty() || signatureHeader == null || !signatureHeader.startsWith(SHA256_PREFIX)) {
            return false;
        }
        byte[] expected = gitHubSignature(secret, body).getBytes(StandardCharsets.US_ASCII);
        // Hex digits from GitHub are lower case; accept upper case too rather than reject a valid MAC.
        byte[] given = signatureHeader.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** Whether {@code tokenHeader} ({@code X-Gitlab-Token}) equals {@code secret}. */
    public static boolean validGitLab(String secret, String tokenHeader) {
        if (secret == null || secret.isEmpty() || tokenHeader == null) {
            return false;
        }
        return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), tokenHeader.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code signatureHeader} ({@code X-Gitea-Signature}) is the hex HMAC of {@code body} under {@code secret}. */
    public static boolean validGitea(String secret, byte[] body, String signatureHeader) {
        if (secret == null || secret.isEmpty() || signatureHeader == null) {
            return false;
        }
        byte[] expected = hmacHex(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signatureHeader.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** The {@code X-Hub-Signature-256} value GitHub sends for {@code body}: {@code sha256=} and the lower-case hex HMAC. */
    public static String gitHubSignature(String secret, byte[] body) {
        return SHA256_PREFIX + hmacHex(secret, body);
    }

    /** The lower-case hex HMAC-SHA256 of {@code body} under {@code secret}: Gitea's {@code X-Gitea-Signature}. */
    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}

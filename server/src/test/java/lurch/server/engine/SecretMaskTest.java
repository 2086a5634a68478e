package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.isolation.output.LineSplitter;
import org.junit.jupiter.api.Test;

/** Each way a build can print a secret other than verbatim on one line, and that it is still masked. */
class SecretMaskTest {
    static final String PEM = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACBzZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0AAAAoGxvbmcs
            -----END OPENSSH PRIVATE KEY-----""";
    static final String TOKEN = "ghp_s3cr3t/T0ken+with=odd&chars";
    private final SecretMask mask = SecretMask.of(List.of(PEM, TOKEN));

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private void hidden(String line, String secretPart) {
        String masked = mask.apply(line);
        assertFalse(masked.contains(secretPart), () -> "leaked: " + masked);
        assertTrue(masked.contains(SecretMask.MASK), masked);
    }

    @Test
    void eachLineOfAMultiLineSecretIsMaskedOnItsOwn() {
        for (String line : PEM.split("\n")) {
            hidden("  " + line + "  ", line);
        }
    }

    @Test
    void base64FormsAreMasked() {
        hidden(b64(TOKEN), b64(TOKEN));                                          // echo -n $T | base64
        hidden(b64(TOKEN + "\n"), b64(TOKEN + "\n").substring(0, 20));           // echo $T | base64
        String wrapped = b64(PEM);                                               // base64 key.pem
        for (int at = 0; at < wrapped.length(); at += 76) {
            String line = wrapped.substring(at, Math.min(wrapped.length(), at + 76));
            hidden(line, line);
        }
        for (String prefix : List.of("x:", "ab:", "user:")) {                    // Basic auth: base64(user:token)
            String encoded = b64(prefix + TOKEN);
            hidden("Authorization: Basic " + encoded, encoded.substring(8, encoded.length() - 4));
        }
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        hidden(urlSafe, urlSafe.substring(0, urlSafe.length() - 2));
    }

    @Test
    void urlEncodedFormsAreMasked() {
        String encoded = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        hidden("GET /api?token=" + encoded + "&x=1", encoded);
        hidden("curl -d 'a b' " + URLEncoder.encode(TOKEN + " x", StandardCharsets.UTF_8).replace("+", "%20"),
                encoded);
    }

    @Test
    void aSecretSplitByAnsiSequencesIsMaskedAndTheRestKeepsItsColours() {
        String line = "\u001b[32mtoken: ghp_s3cr\u001b[0m3t/T0ken\u001b]0;title\u0007+with=odd&chars\u001b[1m done";
        String masked = mask.apply(line);
        assertEquals("\u001b[32mtoken: ***\u001b[1m done", masked);
    }

    @Test
    void aSecretAcrossTheCutOfAVeryLongLineIsMasked() {
        List<String> stored = new ArrayList<>();
        OutputSink sink = new MaskingSink(mask, (stream, millis, text) -> stored.add(text));
        LineSplitter splitter = new LineSplitter(Stream.STDOUT, sink);
        String filler = "x".repeat(LineSplitter.MAX_LINE_BYTES - 10);
        byte[] line = (filler + TOKEN + " end\nnext " + TOKEN + "\n").getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < line.length; at += 65536) { // as pipe reads come
            splitter.accept(line, at, Math.min(65536, line.length - at), 0);
        }
        splitter.finish(0);
        String all = String.join("", stored);
        assertFalse(all.contains("s3cr3t"), "leaked across the cut");
        assertEquals(filler + "*** end", stored.get(0) + stored.get(1));
        assertEquals("next ***", stored.get(2));
    }

    @Test
    void shortCommonPartsAreNotMaskedOnTheirOwn() {
        SecretMask shortOne = SecretMask.of(List.of("ab\ncd\nsecret-line"));
        assertEquals("ab cd *** ***", shortOne.apply("ab cd secret-line ab\ncd\nsecret-line"));
    }
}

package lurch.isolation;

/**
 * How an exec ended: {@code exitCode} is the program's own code 0-255, -N when it was killed by
 * signal N through {@link Execution#kill}, 127 when it could not be started. A program killed by
 * another signal shows 128+N, as in a shell: the JDK does not tell the two apart.
 */
public record ExecResult(int exitCode, ResourceUsage usage) {

    public static final int COULD_NOT_START = 127;
}

package lurch.interpreter.ast;

/** The first argument of {@code isolate}: what kind of isolation to build. */
public sealed interface Builder extends Command permits Builder.Chroot, Builder.Docker {

    /** {@code (chroot "template")}: a fresh chroot populated from a template ("busybox"). */
    record Chroot(String template) implements Builder {
        public String keyword() { return "chroot"; }
    }

    /** {@code (docker "image")}: a container of the image, kept up for the whole isolate. */
    record Docker(String image) implements Builder {
        public String keyword() { return "docker"; }
    }
}

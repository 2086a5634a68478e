package lurch.server.worker;

import lurch.interpreter.ast.Builder;

/** An isolate's builder as isolate_claims stores it: its kind (chroot or docker) and its template or image. */
record BuilderColumns(String kind, String arg) {

    static BuilderColumns of(Builder builder) {
        return switch (builder) {
            case Builder.Chroot chroot -> new BuilderColumns(chroot.keyword(), chroot.template());
            case Builder.Docker docker -> new BuilderColumns(docker.keyword(), docker.image());
        };
    }

    Builder builder() {
        return switch (kind) {
            case "chroot" -> new Builder.Chroot(arg);
            case "docker" -> new Builder.Docker(arg);
            default -> throw new IllegalArgumentException("unknown isolate builder '" + kind + "'");
        };
    }
}

package lurch.server.git;

/** The HTTP answer to a webhook delivery: a status code and a sentence for the forge's delivery log. */
record HookAnswer(int status, String message) {

    static HookAnswer of(int status, String message) {
        return new HookAnswer(status, message);
    }
}

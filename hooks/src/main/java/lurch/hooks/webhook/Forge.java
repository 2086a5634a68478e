package lurch.hooks.webhook;

/** The code hosts whose webhooks and commit-status APIs Lurch speaks. */
public enum Forge {
    GITHUB,
    GITLAB
}

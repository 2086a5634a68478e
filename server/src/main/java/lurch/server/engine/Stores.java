package lurch.server.engine;

import lurch.db.ArtifactStore;
import lurch.db.LogStore;
import lurch.db.ProgramStore;
import lurch.db.PromptStore;
import lurch.db.RunStore;
import lurch.db.SecretStore;
import lurch.db.TimeoutStore;

/** The stores the engine reads and writes. */
public record Stores(ProgramStore programs, RunStore runs, LogStore logs, PromptStore prompts, SecretStore secrets,
                     TimeoutStore timeouts, ArtifactStore artifacts) {}

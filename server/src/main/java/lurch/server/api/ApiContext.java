package lurch.server.api;

import lurch.db.LogStore;
import lurch.db.ProgramStore;
import lurch.db.PromptStore;
import lurch.db.RunStore;
import lurch.db.SecretStore;
import lurch.db.TokenStore;
import lurch.server.engine.EngineMetrics;
import lurch.server.engine.RunControl;
import lurch.server.health.ServerHealth;

/**
 * Everything the REST API needs: the stores it reads, the engine port through which every change of
 * a run goes, the engine's figures for /metrics and the server's health (for /health, and to refuse changes while it
 * is not well).
 */
public record ApiContext(ProgramStore programs, RunStore runs, LogStore logs, PromptStore prompts,
                         SecretStore secrets, TokenStore tokens, RunControl control, EngineMetrics metrics,
                         ServerHealth health) {}

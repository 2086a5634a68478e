package lurch.server.api;

import lurch.db.LogStore;
import lurch.db.ProgramStore;
import lurch.db.PromptStore;
import lurch.db.RunStore;
import lurch.db.SecretStore;
import lurch.db.TimeoutStore;
import lurch.db.TokenStore;
import lurch.db.WorkerStore;
import lurch.server.artifacts.StoredArtifacts;
import lurch.server.engine.EngineMetrics;
import lurch.server.engine.Reruns;
import lurch.server.engine.RunControl;
import lurch.server.health.ServerHealth;
import lurch.server.retention.Retention;
import lurch.server.schedule.Scheduler;

/**
 * Everything the REST API needs: the stores it reads, the engine port through which every change of
 * a run goes, the users of the web pages, the engine's figures for /metrics, the server's health (for /health, and
 * to refuse changes while it is not well), schedules, timeouts, artifacts, re-runs, retention and the
 * workers.
 */
public record ApiContext(ProgramStore programs, RunStore runs, LogStore logs, PromptStore prompts,
                         SecretStore secrets, TokenStore tokens, UserAdmin users, RunControl control,
                         EngineMetrics metrics, ServerHealth health, Scheduler scheduler, TimeoutStore timeouts,
                         StoredArtifacts artifacts, Reruns reruns, Retention retention,
                         WorkerStore workers) {}

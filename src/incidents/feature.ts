import type { AppContext, Feature } from "../app/context.js";
import { registerIncidentCommands } from "./commands.js";
import { BullmqTimers } from "./deadlines/bullmq-timers.js";
import { processTimer } from "./deadlines/fire.js";
import { MemoryTimers } from "./deadlines/memory-timers.js";
import { reconcile } from "./deadlines/reconciler.js";
import type { DeadlineTimers } from "./deadlines/timers.js";
import { defaultPolicyPath, loadIncidentPolicy } from "./policy/resolve.js";
import { IncidentService, registerIncidentService } from "./service.js";
import { inheritOpenDeadlines } from "./succession.js";

export interface IncidentsFeatureOptions {
  /** Policy file. @defaultValue `<policyDir>/incidents/default.yaml` (the shipped one without WATCHKEEPER_POLICY_DIR) */
  policyPath?: string;
  /** Where timers live. "memory" is the simulator's stand-in when no Redis answers. @defaultValue "bullmq" */
  timers?: "bullmq" | "memory";
  /** How often the reconciler runs under the system clock. @defaultValue 5 minutes */
  reconcileEveryMs?: number;
  /** Called with the service once installed (simulator, tests). */
  onService?: (svc: IncidentService) => void;
}

/**
 * Incidents, the responsibility chain, deadlines and escalation. Deadlines are rows; timers are BullMQ
 * delayed jobs that a reconciler rebuilds from the rows on start and every few minutes. Under a
 * virtual clock (FakeClock) timers fire when the clock advances, in order, before `advance` returns.
 */
export function createIncidentsFeature(options: IncidentsFeatureOptions = {}): Feature {
  return {
    name: "incidents",
    install(app: AppContext) {
      const policy = loadIncidentPolicy(options.policyPath ?? defaultPolicyPath(app.config.policyDir));
      const virtual = typeof app.clock.onAdvance === "function";
      const timers: DeadlineTimers =
        options.timers === "memory"
          ? new MemoryTimers({ clock: app.clock, logger: app.logger, virtual })
          : new BullmqTimers({ redis: app.redis, clock: app.clock, logger: app.logger, virtual });
      const svc = new IncidentService(app, policy, timers, virtual);
      registerIncidentService(app, svc);
      options.onService?.(svc);
      registerIncidentCommands(svc);

      let unsubscribe: (() => void) | undefined;
      let interval: NodeJS.Timeout | undefined;
      const sweep = async () => {
        try {
          await reconcile(svc);
          await inheritOpenDeadlines(svc);
        } catch (e) {
          app.logger.warn({ err: (e as Error).message }, "deadline reconciler failed; next run retries");
        }
      };
      app.onStart(async () => {
        await timers.start((job) => processTimer(svc, job));
        await sweep();
        if (virtual) {
          unsubscribe = app.clock.onAdvance!(async (now) => {
            await sweep();
            await timers.runDue(now.getTime());
          });
        } else {
          interval = setInterval(() => void sweep(), options.reconcileEveryMs ?? 5 * 60_000);
          interval.unref();
        }
      });
      app.onStop(async () => {
        unsubscribe?.();
        if (interval) clearInterval(interval);
        await timers.close();
      });
      app.readiness("incident-deadlines", async () => ({
        ok: true,
        detail: `${timers.backend} timers${virtual ? " on a virtual clock" : ""}`,
      }));
    },
  };
}

export const incidentsFeature: Feature = createIncidentsFeature();

import { CodedError } from "../../core/errors.js";
import { openAuthStore } from "./auth-store.js";
import { type AuthDeps, dashboardErrors } from "./login-links.js";
import { hashPassword, passwordProblem, verifyPassword } from "./secrets.js";

/** Sets (or replaces) a person's dashboard password; admins and the CLI call this. */
export async function setDashboardPassword(
  deps: AuthDeps,
  personId: string,
  password: string,
  setBy = "cli",
): Promise<void> {
  const person = await deps.db.prisma.person.findUnique({ where: { id: personId } });
  if (!person?.active)
    throw new CodedError(dashboardErrors.unknownPerson, `no active person "${personId}" in the directory`);
  const problem = passwordProblem(password);
  if (problem) throw new CodedError(dashboardErrors.passwordWeak, `the password needs ${problem}`);
  const store = await openAuthStore(deps.db.prisma);
  await store.setPassword({ personId, hash: await hashPassword(password), now: deps.clock.now(), setBy });
  // The hash itself never reaches the audit log.
  await deps.audit?.append({
    actor: setBy,
    action: "dashboard.password_set",
    subjectType: "person",
    subjectId: personId,
  });
}

/** Whether the password is right for an active person (same work whether or not they have one). */
export async function checkDashboardPassword(deps: AuthDeps, personId: string, password: string): Promise<boolean> {
  const store = await openAuthStore(deps.db.prisma);
  const stored = await store.passwordHash(personId);
  const ok = await verifyPassword(password, stored);
  if (!ok) return false;
  const person = await deps.db.prisma.person.findUnique({ where: { id: personId } });
  return !!person?.active;
}

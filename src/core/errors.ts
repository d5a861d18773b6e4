/** Every Watchkeeper error has a stable, namespaced code (`watchkeeper_<area>_<what>`) and an optional cause. */
export class CodedError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodedError";
    this.code = code;
    this.details = options?.details;
  }
}

/** Wraps anything thrown into a CodedError, keeping the original as cause. */
export function asCodedError(e: unknown, code = "watchkeeper_unknown"): CodedError {
  if (e instanceof CodedError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new CodedError(code, message, { cause: e });
}

export const ErrorCodes = {
  configInvalid: "watchkeeper_config_invalid",
  orgFileInvalid: "watchkeeper_org_file_invalid",
  policyInvalid: "watchkeeper_policy_invalid",
  redisUnavailable: "watchkeeper_redis_unavailable",
  databaseUnavailable: "watchkeeper_database_unavailable",
  migrationFailed: "watchkeeper_migration_failed",
  migrationChecksum: "watchkeeper_migration_checksum_mismatch",
  auditChainBroken: "watchkeeper_audit_chain_broken",
  chatUnsupported: "watchkeeper_chat_unsupported",
  chatNotAdmin: "watchkeeper_chat_not_admin",
  chatRateLimited: "watchkeeper_chat_rate_limited",
  chatRequestFailed: "watchkeeper_chat_request_failed",
  commandInvalid: "watchkeeper_command_invalid",
  notAuthorised: "watchkeeper_not_authorised",
} as const;

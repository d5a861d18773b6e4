import { join } from "node:path";
import { ErrorCodes } from "../../core/errors.js";
import { packageRoot } from "../../core/paths.js";
import { loadYamlFile, parseYaml } from "../../core/yaml-file.js";
import { type ProcedurePolicy, procedureSchema, type SanctionMatrix, sanctionMatrixSchema } from "./schema.js";

/** The accountability policy: the sanction matrix and the procedure. */
export interface AccountabilityPolicy {
  matrix: SanctionMatrix;
  procedure: ProcedurePolicy;
}

/** `<policyDir>/accountability`, or the shipped folder. */
export function defaultAccountabilityDir(policyDir?: string): string {
  return join(policyDir ?? join(packageRoot(), "policy"), "accountability");
}

/** Reads and validates both files; errors name file:line and the field. */
export function loadAccountabilityPolicy(dir: string): AccountabilityPolicy {
  return {
    matrix: loadYamlFile(join(dir, "sanctions.yaml"), sanctionMatrixSchema, ErrorCodes.policyInvalid),
    procedure: loadYamlFile(join(dir, "procedure.yaml"), procedureSchema, ErrorCodes.policyInvalid),
  };
}

export function parseSanctionMatrix(text: string, path = "sanctions.yaml"): SanctionMatrix {
  return parseYaml(text, path, sanctionMatrixSchema, ErrorCodes.policyInvalid);
}

export function parseProcedure(text: string, path = "procedure.yaml"): ProcedurePolicy {
  return parseYaml(text, path, procedureSchema, ErrorCodes.policyInvalid);
}

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { packageRoot } from "../../src/moderation/package-root.js";

/** One labelled COLD row. */
export interface ColdRow {
  id: string;
  topic: string;
  /** 1 offensive, 0 safe. */
  label: number;
  text: string;
}

/** The COLD folder: $WATCHKEEPER_COLD_DIR, else ../shared/data/cold beside the repository. */
export function coldDir(): string {
  const env = process.env["WATCHKEEPER_COLD_DIR"];
  const dir = env ? resolve(env) : join(packageRoot(), "..", "shared", "data", "cold");
  if (!existsSync(join(dir, "train.csv")))
    throw new Error(`COLD data not found in ${dir}; set WATCHKEEPER_COLD_DIR to the folder with train.csv and dev.csv`);
  return dir;
}

/** Parses a CSV file (RFC 4180 quoting) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Reads `train` or `dev` from the COLD folder. */
export function readCold(split: "train" | "dev"): ColdRow[] {
  const rows = parseCsv(readFileSync(join(coldDir(), `${split}.csv`), "utf8").replace(/^\uFEFF/, ""));
  const [header, ...body] = rows;
  const iLabel = header!.indexOf("label");
  const iText = header!.indexOf("TEXT");
  const iTopic = header!.indexOf("topic");
  return body
    .filter((r) => r.length > iText)
    .map((r) => ({ id: r[0]!, topic: r[iTopic]!, label: Number(r[iLabel]), text: r[iText]! }));
}

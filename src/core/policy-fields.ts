import { z } from "zod";
import { parseDuration } from "./clock.js";

// Field types every policy file shares, so a duration or a bilingual text reads the same everywhere.

/** A positive duration such as 30m, 24h or 7d. */
export const durationField = z.string().refine(
  (s) => {
    try {
      return parseDuration(s) > 0;
    } catch {
      return false;
    }
  },
  { message: "must be a duration such as 30m, 24h or 7d" },
);

/** User-facing text in both languages. */
export const localisedText = z.object({ "zh-CN": z.string().min(1), en: z.string().min(1) }).strict();

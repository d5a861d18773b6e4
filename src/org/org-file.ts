import { z } from "zod";
import { roleKinds } from "./directory.js";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "ids use letters, digits, . _ and - only");
// Telegram ids are numbers in YAML; keep them as strings.
const chatId = z.union([z.string().min(1), z.number().int()]).transform(String);
const chat = z
  .object({ slack: chatId.optional(), telegram: chatId.optional(), local: chatId.optional() })
  .strict()
  .default({});

/** The org file format (stable: other tools write such files). */
export const orgFileSchema = z
  .object({
    organisation: z.object({ name: z.string().min(1) }).optional(),
    units: z
      .array(z.object({ id, name: z.string().min(1), parent: id.optional() }).strict())
      .min(1, "at least one unit"),
    people: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            locale: z.enum(["zh-CN", "en"]).optional(),
            active: z.boolean().default(true),
            roles: z
              .array(
                z
                  .object({ role: z.enum(roleKinds, { message: `must be one of ${roleKinds.join(", ")}` }), unit: id })
                  .strict(),
              )
              .default([]),
            chat,
          })
          .strict(),
      )
      .default([]),
    groups: z
      .array(
        z
          .object({
            id,
            name: z.string().optional(),
            unit: id,
            external: z.boolean().default(false),
            reviewedPostsOnly: z.boolean().default(false),
            chat,
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    const units = new Set<string>();
    f.units.forEach((u, i) => {
      if (units.has(u.id))
        ctx.addIssue({ code: "custom", path: ["units", i, "id"], message: `duplicate unit id "${u.id}"` });
      units.add(u.id);
    });
    f.units.forEach((u, i) => {
      if (u.parent && !units.has(u.parent)) {
        ctx.addIssue({ code: "custom", path: ["units", i, "parent"], message: `unknown unit "${u.parent}"` });
      }
    });
    // A parent chain that loops would make "walk up the tree" endless.
    const parent = new Map(f.units.map((u) => [u.id, u.parent]));
    f.units.forEach((u, i) => {
      const seen = new Set<string>();
      for (let cur: string | undefined = u.id; cur; cur = parent.get(cur)) {
        if (seen.has(cur)) {
          ctx.addIssue({ code: "custom", path: ["units", i, "parent"], message: `unit "${u.id}" is its own ancestor` });
          break;
        }
        seen.add(cur);
      }
    });
    const people = new Set<string>();
    const accounts = new Map<string, string>();
    f.people.forEach((p, i) => {
      if (people.has(p.id))
        ctx.addIssue({ code: "custom", path: ["people", i, "id"], message: `duplicate person id "${p.id}"` });
      people.add(p.id);
      p.roles.forEach((r, j) => {
        if (!units.has(r.unit))
          ctx.addIssue({
            code: "custom",
            path: ["people", i, "roles", j, "unit"],
            message: `unknown unit "${r.unit}"`,
          });
      });
      for (const [platform, ext] of Object.entries(p.chat)) {
        const key = `${platform}:${ext}`;
        const other = accounts.get(key);
        if (other) {
          ctx.addIssue({
            code: "custom",
            path: ["people", i, "chat", platform],
            message: `${key} already belongs to "${other}"`,
          });
        }
        accounts.set(key, p.id);
      }
    });
    const groups = new Set<string>();
    const channels = new Map<string, string>();
    f.groups.forEach((g, i) => {
      if (groups.has(g.id))
        ctx.addIssue({ code: "custom", path: ["groups", i, "id"], message: `duplicate group id "${g.id}"` });
      groups.add(g.id);
      if (!units.has(g.unit))
        ctx.addIssue({ code: "custom", path: ["groups", i, "unit"], message: `unknown unit "${g.unit}"` });
      for (const [platform, ext] of Object.entries(g.chat)) {
        const key = `${platform}:${ext}`;
        const other = channels.get(key);
        if (other)
          ctx.addIssue({
            code: "custom",
            path: ["groups", i, "chat", platform],
            message: `${key} is already bound to "${other}"`,
          });
        channels.set(key, g.id);
      }
    });
  });

export type OrgFile = z.infer<typeof orgFileSchema>;

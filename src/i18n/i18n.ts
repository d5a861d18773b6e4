/** User-facing text is Chinese by default with English available; code stays English. */
export type Locale = "zh-CN" | "en";
export const locales: readonly Locale[] = ["zh-CN", "en"];

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (locale: Locale, key: K, params?: Params) => string;

/**
 * A feature's message catalogue. Both languages must define every key (the type enforces it);
 * `{name}` placeholders are filled from params.
 */
export function defineMessages<K extends string>(catalog: {
  "zh-CN": Record<K, string>;
  en: Record<K, string>;
}): Translate<K> {
  return (locale, key, params) => {
    const template = catalog[locale]?.[key] ?? catalog["zh-CN"][key] ?? key;
    return params ? template.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : template;
  };
}

export function isLocale(s: unknown): s is Locale {
  return s === "zh-CN" || s === "en";
}

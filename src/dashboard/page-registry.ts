import type { IncomingMessage } from "node:http";
import type { AppContext } from "../app/context.js";
import type { Locale, Params } from "../i18n/i18n.js";
import type { PersonInfo } from "../org/directory.js";
import type { Session } from "./auth/sessions.js";
import type { SafeHtml } from "./html.js";
import type { DashboardMessage } from "./messages.js";
import type { Scope } from "./scope.js";

/** The signed-in person, with what they may see. */
export interface Viewer {
  person: PersonInfo;
  scope: Scope;
  session: Session;
}

/** Everything a page handler gets; the session, CSRF token (on POST) and scope are already checked. */
export interface PageContext {
  app: AppContext;
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The submitted form (POST), empty on GET. */
  form: URLSearchParams;
  locale: Locale;
  /** The shared dashboard text; pages with their own catalogue call it with `locale`. */
  text(key: DashboardMessage, params?: Params): string;
  viewer: Viewer;
  now: Date;
  /** The hidden CSRF input every POST form must include. */
  csrfField: SafeHtml;
  /** Nonce for inline <script> and <style> (the CSP allows nothing else). */
  nonce: string;
}

export type PageResult =
  | { kind: "page"; title: string; body: SafeHtml; status?: number }
  | { kind: "redirect"; to: string; cookies?: string[] }
  | { kind: "forbidden" }
  | { kind: "notFound" };

export const page = (title: string, body: SafeHtml, status?: number): PageResult => ({
  kind: "page",
  title,
  body,
  ...(status ? { status } : {}),
});
export const redirect = (to: string): PageResult => ({ kind: "redirect", to });
/** Refusal enforced on the server: the page is outside the viewer's scope. */
export const forbidden = (): PageResult => ({ kind: "forbidden" });
export const notFound = (): PageResult => ({ kind: "notFound" });

export type PageHandler = (ctx: PageContext) => Promise<PageResult>;

/** Where a page registers its URLs (absolute, under /dashboard; `:param` segments allowed). */
export interface PageRoutes {
  get(path: string, handler: PageHandler): void;
  post(path: string, handler: PageHandler): void;
}

/**
 * A dashboard page module: one file per page (home, org, later incidents, moderation queue, duties
 * calendar, charts). Add it to `dashboardPages()` in pages/index.ts.
 */
export interface DashboardPage {
  id: string;
  /** A navigation entry, when the page has one; `visible` hides it from viewers it would refuse. */
  nav?: {
    path: string;
    order: number;
    label(locale: Locale): string;
    visible?(viewer: Viewer): boolean;
  };
  install(routes: PageRoutes): void;
}

// The dashboard's public surface: the feature, sign-in helpers for the CLI, and what new pages build on.
export { type AuthStore, openAuthStore } from "./auth/auth-store.js";
export { createLoginLink, dashboardBaseUrl, loginLinkTtlMs, sendLoginLink } from "./auth/login-links.js";
export { setDashboardPassword } from "./auth/passwords.js";
export { createDashboardFeature, dashboardFeature } from "./feature.js";
export { html, type SafeHtml, unsafeRaw } from "./html.js";
export * from "./page-registry.js";
export { dashboardPages } from "./pages/index.js";
export { type Bar, barChart } from "./svg-bar-chart.js";

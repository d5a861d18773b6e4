// Runs once before the suite: nothing to start here; integration helpers create per-file databases.
export default async function setup(): Promise<void> {}

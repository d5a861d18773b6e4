// `npm run dev`: the CLI from source (no build step), for development.
import { main } from "./main.js";

await main(process.argv.length > 2 ? process.argv : [...process.argv, "start"]);

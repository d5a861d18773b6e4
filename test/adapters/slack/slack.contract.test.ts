import { runChatAdapterContract } from "../../contract/chat-adapter.contract.js";
import { createSlackWorld } from "./harness.js";

// With a workspace admin's user token: hide deletes, mute is the bot-side mute.
runChatAdapterContract("slack", () => createSlackWorld({ admin: true }));

// Bot token only: hide and mute say "unsupported" honestly.
runChatAdapterContract("slack (bot token only)", () => createSlackWorld({ admin: false }));

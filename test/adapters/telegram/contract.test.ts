import { runChatAdapterContract } from "../../contract/chat-adapter.contract.js";
import { telegramContractHarness } from "./harness.js";

runChatAdapterContract("telegram", telegramContractHarness);

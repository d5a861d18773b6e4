import { defineMessages } from "../i18n/i18n.js";

/** The bot's own words (features keep their own catalogues). */
export const t = defineMessages({
  "zh-CN": {
    unknownCommand: "未知命令 /{name}。发送 /help 查看可用命令。",
    staleButton: "此按钮已失效或不再可用。",
    unknownForm: "此表单已失效，请重新发起。",
    failed: "处理时出错，请稍后重试（错误代码 {code}）。管理员已收到记录。",
    helpTitle: "Watchkeeper 可用命令：",
    notInDirectory: "您尚未登记在本单位的人员名录中，请联系网络安全管理员登记。",
    whoami: "您是 {name}（{id}），角色：{roles}。本群属于：{group}。",
    whoamiUnknown: "您尚未登记在人员名录中（{platform} 账号 {id}）。本群属于：{group}。",
    groupUnbound: "未绑定",
    noRoles: "无",
    help: "查看可用命令",
    whoamiDesc: "查看您在名录中的身份与本群归属",
  },
  en: {
    unknownCommand: "Unknown command /{name}. Send /help to see the commands.",
    staleButton: "This button has expired or is no longer available.",
    unknownForm: "This form has expired; please start again.",
    failed: "Something went wrong; please try again later (error code {code}). The administrators have a record.",
    helpTitle: "Watchkeeper commands:",
    notInDirectory: "You are not yet in the organisation's directory; please ask the security officer to add you.",
    whoami: "You are {name} ({id}), roles: {roles}. This group belongs to: {group}.",
    whoamiUnknown: "You are not in the directory yet ({platform} account {id}). This group belongs to: {group}.",
    groupUnbound: "not bound",
    noRoles: "none",
    help: "Show the commands",
    whoamiDesc: "Show who you are in the directory and which unit runs this group",
  },
});

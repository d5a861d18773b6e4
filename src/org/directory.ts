import type { ChannelRef, UserRef } from "../chat/types.js";
import type { Locale } from "../i18n/i18n.js";

export const roleKinds = [
  "leadership_group",
  "security_office",
  "unit_head",
  "security_head",
  "security_officer",
  "operator",
] as const;
export type Role = (typeof roleKinds)[number];

export interface UnitInfo {
  id: string;
  name: string;
  parentId: string | null;
}

export interface PersonInfo {
  id: string;
  name: string;
  locale: Locale | null;
  active: boolean;
  /** Current role assignments (ended ones excluded). */
  roles: { role: Role; unitId: string }[];
}

export interface GroupInfo {
  id: string;
  name: string | null;
  unitId: string;
  external: boolean;
  reviewedPostsOnly: boolean;
}

/** The organisation as the bot sees it: who is who, on which platform, in which unit. */
export interface Directory {
  person(id: string): Promise<PersonInfo | null>;
  personByChat(platform: string, externalId: string): Promise<PersonInfo | null>;
  group(id: string): Promise<GroupInfo | null>;
  groupByChannel(platform: string, channelId: string): Promise<GroupInfo | null>;
  unit(id: string): Promise<UnitInfo | null>;
  /** The unit and its ancestors, nearest first. */
  unitAncestry(unitId: string): Promise<UnitInfo[]>;
  /** Active people holding `role` in `unitId` (not inherited from parents). */
  holders(unitId: string, role: Role): Promise<PersonInfo[]>;
  /** The person's chat accounts, one per platform they use. */
  identitiesOf(personId: string): Promise<UserRef[]>;
  /** The platform chats bound to a group. */
  channelsOf(groupId: string): Promise<ChannelRef[]>;
  /** Drops cached lookups (after an org import). */
  invalidate(): void;
}

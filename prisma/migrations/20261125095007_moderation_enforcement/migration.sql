-- CreateTable
CREATE TABLE "ModerationStrike" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "userExternalId" TEXT NOT NULL,
    "personId" TEXT,
    "groupId" TEXT,
    "channelExternalId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "categories" TEXT[],
    "action" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "clearedAt" TIMESTAMP(3),
    "clearedBy" TEXT,

    CONSTRAINT "ModerationStrike_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModerationAppeal" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "byExternalId" TEXT NOT NULL,
    "byPersonId" TEXT,
    "reason" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "reviewerId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModerationAppeal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModerationStrike_platform_userExternalId_at_idx" ON "ModerationStrike"("platform", "userExternalId", "at");

-- CreateIndex
CREATE INDEX "ModerationStrike_messageId_idx" ON "ModerationStrike"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "ModerationAppeal_number_key" ON "ModerationAppeal"("number");

-- CreateIndex
CREATE INDEX "ModerationAppeal_state_createdAt_idx" ON "ModerationAppeal"("state", "createdAt");

-- CreateIndex
CREATE INDEX "ModerationAppeal_messageId_idx" ON "ModerationAppeal"("messageId");


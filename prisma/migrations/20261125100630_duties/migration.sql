-- CreateTable
CREATE TABLE "DutyTask" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dutyId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "ownerPersonId" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "nextEscalationAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,
    "note" TEXT,
    "incidentId" TEXT,
    "notices" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DutyTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DutySwap" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "fromPersonId" TEXT NOT NULL,
    "toPersonId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "DutySwap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DutyHandover" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "shiftEnd" TIMESTAMP(3) NOT NULL,
    "fromPersonId" TEXT NOT NULL,
    "toPersonId" TEXT,
    "networkState" TEXT NOT NULL,
    "temperature" TEXT NOT NULL,
    "humidity" TEXT NOT NULL,
    "openIssues" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "confirmedBy" TEXT,

    CONSTRAINT "DutyHandover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publication" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "authorPersonId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "approverPersonIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "state" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,
    "posted" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DutyTask_state_dueAt_idx" ON "DutyTask"("state", "dueAt");

-- CreateIndex
CREATE INDEX "DutyTask_state_nextEscalationAt_idx" ON "DutyTask"("state", "nextEscalationAt");

-- CreateIndex
CREATE INDEX "DutyTask_unitId_scheduledAt_idx" ON "DutyTask"("unitId", "scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "DutyTask_dutyId_unitId_scheduledAt_key" ON "DutyTask"("dutyId", "unitId", "scheduledAt");

-- CreateIndex
CREATE INDEX "DutySwap_unitId_date_state_idx" ON "DutySwap"("unitId", "date", "state");

-- CreateIndex
CREATE INDEX "DutyHandover_unitId_shiftEnd_idx" ON "DutyHandover"("unitId", "shiftEnd");

-- CreateIndex
CREATE INDEX "Publication_groupId_state_idx" ON "Publication"("groupId", "state");


-- CreateTable
CREATE TABLE "AccountabilityCase" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "investigatorSlots" TEXT[],
    "reportText" TEXT,
    "reportedAt" TIMESTAMP(3),
    "reviewPassedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "implementationNote" TEXT,
    "implementedAt" TIMESTAMP(3),
    "implementedBy" TEXT,
    "openedBy" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountabilityCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseFinding" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseSubject" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "personId" TEXT,
    "unitId" TEXT NOT NULL,
    "conduct" TEXT NOT NULL,
    "facts" JSONB NOT NULL DEFAULT '{}',
    "note" TEXT,
    "derived" BOOLEAN NOT NULL DEFAULT false,
    "mitigation" TEXT,
    "mitigationNote" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "sanction" TEXT,
    "proposed" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "basis" TEXT,
    "outsideRangeReason" TEXT,
    "policeReference" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseSubject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseReview" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseApproval" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "personIds" TEXT[],
    "state" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "note" TEXT,

    CONSTRAINT "CaseApproval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccountabilityCase_incidentId_key" ON "AccountabilityCase"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "AccountabilityCase_number_key" ON "AccountabilityCase"("number");

-- CreateIndex
CREATE INDEX "AccountabilityCase_unitId_state_idx" ON "AccountabilityCase"("unitId", "state");

-- CreateIndex
CREATE INDEX "AccountabilityCase_year_idx" ON "AccountabilityCase"("year");

-- CreateIndex
CREATE INDEX "CaseFinding_caseId_idx" ON "CaseFinding"("caseId");

-- CreateIndex
CREATE INDEX "CaseSubject_personId_idx" ON "CaseSubject"("personId");

-- CreateIndex
CREATE INDEX "CaseSubject_unitId_idx" ON "CaseSubject"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseSubject_caseId_seq_key" ON "CaseSubject"("caseId", "seq");

-- CreateIndex
CREATE INDEX "CaseReview_caseId_idx" ON "CaseReview"("caseId");

-- CreateIndex
CREATE INDEX "CaseApproval_caseId_idx" ON "CaseApproval"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseApproval_subjectId_party_key" ON "CaseApproval"("subjectId", "party");

